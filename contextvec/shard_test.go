package contextvec

import (
	"errors"
	"testing"
)

func TestParseShard(t *testing.T) {
	t.Setenv("JOB_COMPLETION_INDEX", "")
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	for spec, want := range map[string]Shard{"": {}, "0/1": {0, 1}, "2/3": {2, 3}} {
		if got, err := ParseShard(spec); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", spec, got, err, want)
		}
	}
	for _, bad := range []string{"3/3", "-1/3", "1/0", "a/3", "1", "1/", "auto/3", "1/99999999"} {
		if _, err := ParseShard(bad); !errors.Is(err, ErrShard) {
			t.Errorf("ParseShard(%q): %v, want ErrShard", bad, err)
		}
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	if got, err := ParseShard("auto/3"); err != nil || got != (Shard{1, 3}) {
		t.Errorf("auto/3 with SLURM_ARRAY_TASK_ID=1: %v %v", got, err)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "2") // Kubernetes first
	if got, err := ParseShard("auto/3"); err != nil || got != (Shard{2, 3}) {
		t.Errorf("auto/3 with JOB_COMPLETION_INDEX=2: %v %v", got, err)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "5")
	if _, err := ParseShard("auto/3"); !errors.Is(err, ErrShard) {
		t.Errorf("index 5 of 3 accepted: %v", err)
	}
	s := Shard{1, 3}
	if s.Takes(0) || !s.Takes(1) || !s.Takes(4) || !(Shard{}).Takes(7) {
		t.Error("Takes")
	}
}
