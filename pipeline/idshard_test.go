package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

func TestShardRange(t *testing.T) {
	// 103 ids in batches of 10: 11 batches, the last of 3 ids.
	var got [][2]int
	for i := range 3 {
		lo, hi, err := ShardRange(103, 10, contextvec.Shard{Index: i, Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]int{lo, hi})
	}
	if want := [][2]int{{0, 30}, {30, 70}, {70, 103}}; !equalRanges(got, want) {
		t.Errorf("ranges %v, want %v (whole batches, covering every id)", got, want)
	}
	if _, _, err := ShardRange(103, 10, contextvec.Shard{Index: 0, Count: 12}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("12 shards of 11 batches: %v", err)
	}
}

func equalRanges(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Static and dynamic shards by id ranges, merged in any order, are a
// single run's files byte for byte; merge refuses a missing or repeated
// shard and shards of another model.
func TestIDShardsMergeByteIdentical(t *testing.T) {
	const v, h, batch = 103, 8, 10
	kinds := []vecdir.Kind{vecdir.Static, vecdir.Dynamic}
	f := pipelinetest.NewFake(v, h)
	single := t.TempDir()
	o := fakeOptions(single, f, batch, 2)
	o.Kinds = kinds
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i := range 3 {
		d := t.TempDir()
		o := fakeOptions(d, f, batch, 2)
		o.Kinds = kinds
		if _, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: i, Count: 3}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	m, err := vecdir.ReadMeta(shards[1])
	if err != nil || m.Kind(vecdir.Dynamic).Shard == nil || m.Kind(vecdir.Dynamic).Shard.FirstID != 30 || m.Kind(vecdir.Dynamic).Shape[0] != 40 {
		t.Fatalf("shard 1 meta: %+v %v", m.Kind(vecdir.Dynamic), err)
	}
	merged := filepath.Join(t.TempDir(), "m")
	if _, err := Merge(merged, []string{shards[2], shards[0], shards[1]}, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"static.npy", "dynamic.npy", "vocab.txt"} {
		if !bytes.Equal(readFile(t, filepath.Join(single, name)), readFile(t, filepath.Join(merged, name))) {
			t.Errorf("merged %s differs from the single run's", name)
		}
	}
	sm, _ := vecdir.ReadMeta(single)
	mm, _ := vecdir.ReadMeta(merged)
	if sm.Kind(vecdir.Dynamic).SHA256 != mm.Kind(vecdir.Dynamic).SHA256 || mm.Kind(vecdir.Dynamic).Shard != nil {
		t.Errorf("merged meta %+v", mm.Kind(vecdir.Dynamic))
	}
	other := t.TempDir()
	oo := fakeOptions(other, f, batch, 1)
	oo.Kinds = kinds
	oo.Model.WeightsSHA256 = strings.Repeat("cd", 32)
	if _, err := ExtractShard(context.Background(), oo, contextvec.Shard{Index: 1, Count: 3}); err != nil {
		t.Fatal(err)
	}
	low := t.TempDir()
	ol := fakeOptions(low, f, batch, 2)
	ol.Kinds, ol.Precision = kinds, "bf16"
	if _, err := ExtractShard(context.Background(), ol, contextvec.Shard{Index: 1, Count: 3}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		dirs []string
		says string
	}{
		"missing":         {[]string{shards[0], shards[2]}, "shard 1 of 3 is missing"},
		"twice":           {[]string{shards[0], shards[1], shards[1], shards[2]}, "given twice"},
		"other model":     {[]string{shards[0], other, shards[2]}, other},
		"other precision": {[]string{shards[0], low, shards[2]}, "or another layer or precision"},
	} {
		out := filepath.Join(t.TempDir(), "m")
		_, err := Merge(out, tc.dirs, false)
		if !errors.Is(err, contextvec.ErrMerge) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want ErrMerge mentioning %q", name, err, tc.says)
		}
		if _, err := os.Stat(filepath.Join(out, vecdir.MetaFile)); err == nil {
			t.Errorf("%s: meta.json written", name)
		}
	}
}

// A shard's meta.json is written once, with its marks: a crash after a
// first, unmarked meta.json would leave a range of ids that reads as a
// complete single run.
func TestShardMetaWrittenOnce(t *testing.T) {
	const v, h, batch = 103, 8, 10
	dir := t.TempDir()
	writes := 0
	orig := openFile
	t.Cleanup(func() { openFile = orig })
	openFile = func(name string, flag int, perm os.FileMode) (file, error) {
		if filepath.Base(name) == atomicfile.FixedTemp(vecdir.MetaFile) {
			if writes++; writes > 1 {
				return nil, errors.New("meta.json written a second time")
			}
		}
		return orig(name, flag, perm)
	}
	o := fakeOptions(dir, pipelinetest.NewFake(v, h), batch, 1)
	o.Kinds = []vecdir.Kind{vecdir.Static, vecdir.Dynamic}
	if _, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: 2, Count: 3}); err != nil {
		t.Fatal(err)
	}
	m, err := vecdir.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range o.Kinds {
		if s := m.Kind(k).Shard; s == nil || *s != (vecdir.ShardMeta{Index: 2, Count: 3, FirstID: 70, Rows: 33}) {
			t.Errorf("%s: shard mark %+v", k, s)
		}
	}
	writes = 0
	o.Resume = true
	rep, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: 2, Count: 3})
	if err != nil || !rep.AlreadyComplete || rep.Meta.Kind(vecdir.Dynamic).Shard == nil || writes != 0 {
		t.Errorf("resumed complete shard: %v, %+v, %d meta.json writes", err, rep, writes)
	}
}

// Two shards of the same size hold different ids: resuming one's
// directory as the other is refused, not reported complete.
func TestShardResumeOtherShard(t *testing.T) {
	const v, h, batch = 100, 8, 10
	dir := t.TempDir()
	o := fakeOptions(dir, pipelinetest.NewFake(v, h), batch, 1)
	o.Kinds = []vecdir.Kind{vecdir.Static, vecdir.Dynamic}
	if _, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: 0, Count: 2}); err != nil {
		t.Fatal(err)
	}
	o.Resume = true
	if rep, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: 1, Count: 2}); !errors.Is(err, ErrResumeMismatch) {
		t.Errorf("shard 1 resumed in shard 0's directory: %v, %+v", err, rep)
	}
	if rep, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: 0, Count: 2}); err != nil || !rep.AlreadyComplete {
		t.Errorf("shard 0 resumed: %v, %+v", err, rep)
	}
}
