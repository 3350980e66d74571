package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

func TestExtractMatchesFake(t *testing.T) {
	const v, h = 53, 12
	tests := []struct {
		name    string
		batch   int
		devices func(f *pipelinetest.Fake) []WorkerGroup
	}{
		{"batch 1", 1, oneCPU(1)},
		{"batch 7", 7, oneCPU(1)},
		{"batch V", v, oneCPU(1)},
		{"batch > V", 4 * v, oneCPU(3)},
		{"batch 7, 4 workers", 7, oneCPU(4)},
		{"batch 5, two devices", 5, func(f *pipelinetest.Fake) []WorkerGroup {
			return []WorkerGroup{{Name: "cuda:0", Encoder: f, Workers: 1}, {Name: "cuda:1", Encoder: pipelinetest.NewFake(v, h), Workers: 2}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := pipelinetest.NewFake(v, h)
			o := fakeOptions(dir, f, tc.batch, 1)
			o.Groups = tc.devices(f)
			rep, err := Extract(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			assertComplete(t, dir, v, h, vecdir.Static, vecdir.Dynamic)
			want := []string{vecdir.Dynamic.File(), vecdir.MetaFile, vecdir.Static.File(), vecdir.VocabFile}
			if got := listDir(t, dir); !slices.Equal(got, want) {
				t.Errorf("files %v, want %v", got, want)
			}
			dm := rep.Meta.Kinds["dynamic"]
			if dm == nil || dm.Batch != tc.batch || dm.Workers != workerCount(o.Groups) || dm.ResumedIDs != 0 {
				t.Errorf("dynamic meta %+v", dm)
			}
			if rep.Resumed || rep.AlreadyComplete {
				t.Errorf("report %+v for a fresh run", rep)
			}
		})
	}
}

func oneCPU(workers int) func(*pipelinetest.Fake) []WorkerGroup {
	return func(f *pipelinetest.Fake) []WorkerGroup {
		return []WorkerGroup{{Name: "cpu", Encoder: f, Workers: workers}}
	}
}

func workerCount(ds []WorkerGroup) int {
	n := 0
	for _, d := range ds {
		n += d.workers()
	}
	return n
}

func TestExtractWorkersRunConcurrently(t *testing.T) {
	// Run with -race: several workers share the encoder and the writer.
	// The first call waits until a second one has started: with workers
	// running one at a time it would wait for ever, so the test does not
	// depend on timing to see an overlap.
	dir := t.TempDir()
	f := pipelinetest.NewFake(200, 8)
	arrived, overlap := make(chan struct{}, 200), make(chan struct{})
	go func() {
		<-arrived
		<-arrived
		close(overlap)
	}()
	f.Fail = func([]int32) error {
		arrived <- struct{}{}
		select {
		case <-overlap:
			return nil
		case <-time.After(time.Minute):
			return errors.New("no second Dynamic call started while the first was running")
		}
	}
	if _, err := Extract(context.Background(), fakeOptions(dir, f, 3, 4)); err != nil {
		t.Fatal(err)
	}
	assertComplete(t, dir, 200, 8, vecdir.Static, vecdir.Dynamic)
	if got := f.MaxConcurrent(); got < 2 || got > 4 {
		t.Errorf("max concurrent Dynamic calls %d, want 2..4", got)
	}
	if got, want := f.Calls(), (200+2)/3; got != want {
		t.Errorf("%d Dynamic calls, want %d (one per batch)", got, want)
	}
}

func TestExtractOneKind(t *testing.T) {
	for _, k := range vecdir.DefaultKinds {
		t.Run(k.String(), func(t *testing.T) {
			dir := t.TempDir()
			f := pipelinetest.NewFake(20, 4)
			o := fakeOptions(dir, f, 6, 2)
			o.Kinds = []vecdir.Kind{k}
			rep, err := Extract(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			assertComplete(t, dir, 20, 4, k)
			other := vecdir.Dynamic
			if k == vecdir.Dynamic {
				other = vecdir.Static
			}
			if exists(filepath.Join(dir, other.File())) || rep.Meta.Kinds[other.String()] != nil {
				t.Errorf("%s written though only %s was asked for", other, k)
			}
			if k == vecdir.Static && f.Calls() != 0 {
				t.Errorf("static-only run called Dynamic %d times", f.Calls())
			}
		})
	}
}

func TestMetaJSON(t *testing.T) {
	dir := t.TempDir()
	f := pipelinetest.NewFake(30, 5)
	o := fakeOptions(dir, f, 4, 1)
	o.Groups = []WorkerGroup{{Name: "cuda:0", Encoder: f, Workers: 2}, {Name: "cuda:1", Encoder: f}}
	o.Threads = 3
	o.Format = FormatWord2Vec
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, vecdir.MetaFile)), &raw); err != nil {
		t.Fatal(err)
	}
	m, err := vecdir.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"bertvec_version", raw["bertvec_version"], "test"},
		{"libtorch_version", raw["libtorch_version"], "none"},
		{"vocab", raw["vocab"], "vocab.txt"},
		{"format", raw["format"], "word2vec"},
		{"model", fmt.Sprint(raw["model"]), fmt.Sprintf("map[dir:fake-bert hidden_size:5 num_attention_heads:2 num_hidden_layers:2 vocab_size:30 weights_sha256:%s]", testSHA)},
		{"dynamic.file", m.Kinds["dynamic"].File, "dynamic.npy"},
		{"dynamic.shape", m.Kinds["dynamic"].Shape, [2]int{30, 5}},
		{"dynamic.dtype", m.Kinds["dynamic"].Dtype, "<f4"},
		{"dynamic.sha256", m.Kinds["dynamic"].SHA256, sumFile(t, filepath.Join(dir, "dynamic.npy"))},
		{"dynamic.context", m.Kinds["dynamic"].Context, "[CLS] {id} [SEP]"},
		{"dynamic.layer", *m.Kinds["dynamic"].Layer, 2},
		{"dynamic.devices", fmt.Sprint(m.Kinds["dynamic"].Devices), "[cuda:0 cuda:1]"},
		{"dynamic.batch", m.Kinds["dynamic"].Batch, 4},
		{"dynamic.workers", m.Kinds["dynamic"].Workers, 3},
		{"dynamic.threads", m.Kinds["dynamic"].Threads, 3},
		{"dynamic.word2vec", *m.Kinds["dynamic"].Word2Vec, vecdir.W2VFiles{Text: "dynamic.w2v.txt", Binary: "dynamic.w2v.bin"}},
		{"dynamic ids/s > 0", m.Kinds["dynamic"].IDsPerSecond > 0 && m.Kinds["dynamic"].WallSeconds > 0, true},
		{"static.sha256", m.Kinds["static"].SHA256, sumFile(t, filepath.Join(dir, "static.npy"))},
		{"static.context", m.Kinds["static"].Context, "embeddings.word_embeddings.weight"},
		{"static.layer is null", fmt.Sprint(raw["kinds"].(map[string]any)["static"].(map[string]any)["layer"]), "<nil>"},
		{"static.devices", fmt.Sprint(m.Kinds["static"].Devices), "[cuda:0]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestVocabFile(t *testing.T) {
	dir := t.TempDir()
	f := pipelinetest.NewFake(9, 2)
	o := fakeOptions(dir, f, 4, 1)
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(readFile(t, filepath.Join(dir, vecdir.VocabFile))), "\n"), "\n")
	if !slices.Equal(got, o.Tokens) {
		t.Errorf("vocab.txt lines %q, want %q", got, o.Tokens)
	}
}

func TestExtractKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := pipelinetest.NewFake(10, 3)
	if _, err := Extract(context.Background(), fakeOptions(dir, f, 4, 1)); err != nil {
		t.Fatalf("a dir holding only foreign files was refused: %v", err)
	}
	o := fakeOptions(dir, f, 4, 1)
	o.Force = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if string(readFile(t, other)) != "mine" {
		t.Error("force touched a file that is not ours")
	}
	assertComplete(t, dir, 10, 3, vecdir.Static, vecdir.Dynamic)
}
