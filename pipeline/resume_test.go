package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

const rv, rh = 120, 6 // shape of the resume tests' fake

// interrupt runs an extract into dir that is cancelled once a batch at or
// past id stop is asked for, and checks that it leaves a resumable state.
func interrupt(t *testing.T, o Options, stop int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := pipelinetest.NewFake(rv, rh)
	slow.Delay = 1e6
	slow.Fail = func(ids []int32) error {
		if int(ids[0]) >= stop {
			cancel()
		}
		return nil
	}
	o.Groups = []WorkerGroup{{Name: "cpu", Encoder: slow, Workers: 2}}
	_, err := Extract(ctx, o)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run returned %v, want ErrInterrupted wrapping context.Canceled", err)
	}
	if !errors.Is(err, ErrResumable) {
		t.Errorf("error %q is not marked resumable", err)
	}
	assertIncomplete(t, o.OutDir)
	for _, name := range []string{StateFile, partialFile(vecdir.Dynamic), doneFile(vecdir.Dynamic)} {
		if !exists(filepath.Join(o.OutDir, name)) {
			t.Errorf("no %s after an interruption", name)
		}
	}
}

func cleanRun(t *testing.T, o Options) map[string]string {
	t.Helper()
	o.OutDir = t.TempDir()
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return sums(t, o.OutDir)
}

// sums hashes every output file but meta.json (which records timings).
func sums(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range listDir(t, dir) {
		if name != vecdir.MetaFile {
			m[name] = sumFile(t, filepath.Join(dir, name))
		}
	}
	return m
}

func assertSameFiles(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("files %v, want %v", keys(got), keys(want))
	}
	for name, sum := range want {
		if got[name] != sum {
			t.Errorf("%s: sha256 %.12s, want %.12s (clean run)", name, got[name], sum)
		}
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestCancelThenResume(t *testing.T) {
	for _, format := range []Format{FormatNPY, FormatWord2Vec} {
		t.Run(format.String(), func(t *testing.T) {
			t.Parallel()
			f := pipelinetest.NewFake(rv, rh)
			o := fakeOptions(t.TempDir(), f, 7, 2)
			o.Format = format
			want := cleanRun(t, o)

			interrupt(t, o, 50)
			o.Resume = true
			fresh := pipelinetest.NewFake(rv, rh)
			o.Groups = []WorkerGroup{{Name: "cpu", Encoder: fresh, Workers: 3}}
			rep, err := Extract(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			assertComplete(t, o.OutDir, rv, rh, vecdir.Static, vecdir.Dynamic)
			assertSameFiles(t, sums(t, o.OutDir), want)
			resumed := rep.Meta.Kinds["dynamic"].ResumedIDs
			if !rep.Resumed || resumed == 0 || resumed >= rv {
				t.Errorf("resumed=%v with %d ids done before, want 0 < ids < %d", rep.Resumed, resumed, rv)
			}
			if batches := (rv + 6) / 7; fresh.Calls() >= batches {
				t.Errorf("resumed run made %d calls, a full run makes %d", fresh.Calls(), batches)
			}
		})
	}
}

func TestResumeSurvivesTornLog(t *testing.T) {
	tails := map[string][]byte{
		"half record": {1, 2, 3},
		"zeros":       make([]byte, 16),
		"bad crc":     {0, 0, 0, 0, 1, 2, 3, 4},
	}
	for name, tail := range tails {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 2)
			want := cleanRun(t, o)
			interrupt(t, o, 60)
			logf, err := os.OpenFile(filepath.Join(o.OutDir, doneFile(vecdir.Dynamic)), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			logf.Write(tail)
			logf.Close()
			o.Resume = true
			if _, err := Extract(context.Background(), o); err != nil {
				t.Fatal(err)
			}
			assertSameFiles(t, sums(t, o.OutDir), want)
		})
	}
}

func TestResumeRefusesDifferentRun(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *Options)
		says   string
	}{
		{"model", func(o *Options) { o.Model.WeightsSHA256 = strings.Repeat("cd", 32) }, "model weights differ"},
		{"kinds", func(o *Options) { o.Kinds = []vecdir.Kind{vecdir.Dynamic} }, "kinds differ (static,dynamic, now dynamic)"},
		{"layer", func(o *Options) { o.Layer = 1 }, "layer differs (2, now 1)"},
		{"shape", func(o *Options) {
			f := pipelinetest.NewFake(rv, rh+1)
			o.Groups = []WorkerGroup{{Name: "cpu", Encoder: f}}
		}, "shape differs (120x6, now 120x7)"},
		{"batch", func(o *Options) { o.Batch = 8 }, "batch differs (7, now 8)"},
		{"precision", func(o *Options) { o.Precision = "bf16" }, "precision differs (fp32, now bf16)"},
		{"format", func(o *Options) { o.Format = FormatWord2Vec }, "format differs (npy, now word2vec)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
			interrupt(t, o, 40)
			before := sums(t, o.OutDir)
			o.Groups = []WorkerGroup{{Name: "cpu", Encoder: pipelinetest.NewFake(rv, rh)}}
			o.Resume = true
			tc.change(&o)
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, ErrResumeMismatch) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v, want ErrResumeMismatch saying %q", err, tc.says)
			}
			assertSameFiles(t, sums(t, o.OutDir), before)
		})
	}
}

func TestExistingOutput(t *testing.T) {
	f := pipelinetest.NewFake(20, 3)
	o := fakeOptions(t.TempDir(), f, 6, 1)
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	want := sums(t, o.OutDir)

	_, err := Extract(context.Background(), o)
	var exists *ExistsError
	if !errors.As(err, &exists) || !errors.Is(err, ErrOutputExists) || !exists.Complete || strings.Contains(err.Error(), "--") {
		t.Fatalf("second run into a finished dir: %v, want a flag-free *ExistsError, Complete", err)
	}

	o.Resume = true
	rep, err := Extract(context.Background(), o)
	if err != nil || !rep.AlreadyComplete {
		t.Fatalf("resume of a finished dir: %+v, %v; want AlreadyComplete", rep, err)
	}
	o.Layer = 5
	if _, err := Extract(context.Background(), o); !errors.Is(err, ErrResumeMismatch) {
		t.Fatalf("resume of a finished dir with another layer: %v, want ErrResumeMismatch", err)
	}

	o.Resume, o.Force, o.Layer = false, true, 2
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
}

func TestExistingPartialOutput(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
	want := cleanRun(t, o)
	interrupt(t, o, 30)
	_, err := Extract(context.Background(), o)
	var exists *ExistsError
	if !errors.As(err, &exists) || exists.Complete || strings.Contains(err.Error(), "--") {
		t.Fatalf("run into an interrupted dir: %v, want a flag-free *ExistsError, not Complete", err)
	}
	o.Force = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
}

func TestResumeCorruptState(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(dir string) error
	}{
		{"garbage state", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, StateFile), []byte("{not json"), 0o644)
		}},
		{"state of another version", func(dir string) error {
			b, err := os.ReadFile(filepath.Join(dir, StateFile))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, StateFile), []byte(strings.Replace(string(b), fmt.Sprintf(`"version": %d`, stateVersion), `"version": 99`, 1)), 0o644)
		}},
		{"short partial", func(dir string) error { return os.Truncate(filepath.Join(dir, partialFile(vecdir.Dynamic)), 100) }},
		{"partial gone", func(dir string) error { return os.Remove(filepath.Join(dir, partialFile(vecdir.Dynamic))) }},
		{"state gone", func(dir string) error { return os.Remove(filepath.Join(dir, StateFile)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
			interrupt(t, o, 40)
			if err := tc.spoil(o.OutDir); err != nil {
				t.Fatal(err)
			}
			o.Resume = true
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, ErrCorruptState) || strings.Contains(err.Error(), "--") {
				t.Fatalf("got %v, want ErrCorruptState naming no flag", err)
			}
		})
	}
}

func TestResumeWithNothingToResume(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	o := fakeOptions(dir, pipelinetest.NewFake(15, 2), 4, 1)
	o.Resume = true
	rep, err := Extract(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed {
		t.Error("a run into a new dir reports Resumed")
	}
	assertComplete(t, dir, 15, 2, vecdir.Static, vecdir.Dynamic)
}

func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := pipelinetest.NewFake(rv, rh)
	o := fakeOptions(t.TempDir(), f, 7, 1)
	_, err := Extract(ctx, o)
	if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "before static") {
		t.Fatalf("got %v, want ErrInterrupted before static", err)
	}
	if f.Calls() != 0 || exists(filepath.Join(o.OutDir, vecdir.Static.File())) {
		t.Error("work was done under a cancelled context")
	}
	o.Resume = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertComplete(t, o.OutDir, rv, rh, vecdir.Static, vecdir.Dynamic)
}

// A finished bf16 run records its precision for dynamic (and only there),
// and a resume asking for fp32 is refused by what meta.json says.
func TestPrecisionInMeta(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(20, 3), 6, 1)
	o.Precision = "bf16"
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	m, err := vecdir.ReadMeta(o.OutDir)
	if err != nil {
		t.Fatal(err)
	}
	if got, st := m.Kind(vecdir.Dynamic).Precision, m.Kind(vecdir.Static).Precision; got != "bf16" || st != "" {
		t.Fatalf("meta.json precision: dynamic %q, static %q; want bf16 and none", got, st)
	}
	o.Precision, o.Resume = "", true
	if _, err := Extract(context.Background(), o); !errors.Is(err, ErrResumeMismatch) || !strings.Contains(err.Error(), "precision differs (bf16, now fp32)") {
		t.Fatalf("fp32 resume of a finished bf16 run: %v", err)
	}
}
