package contextvec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bertvec/bertvec/internal/env"
)

// MaxShards bounds n in i/n: more shards than this is a typo, not a plan.
const MaxShards = 1 << 16

// Shard is part i of n of a corpus: the lines whose number ≡ i (mod n).
// The zero value (and 0/1) is the whole corpus.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Whole reports whether s is the whole corpus.
func (s Shard) Whole() bool { return s.Count <= 1 }

// Takes reports whether line number n belongs to the shard.
func (s Shard) Takes(n int64) bool { return s.Whole() || n%int64(s.Count) == int64(s.Index) }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, max(s.Count, 1)) }

// ParseShard parses "i/n" (0 ≤ i < n) or "auto/n", which takes i from
// JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID
// (a Slurm array job), in that order. "" is the whole corpus.
func ParseShard(spec string) (Shard, error) {
	if spec == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(spec, "/")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 1 || n > MaxShards {
		return Shard{}, fmt.Errorf("%w %q: want i/n or auto/n with 1 ≤ n ≤ %d", ErrShard, spec, MaxShards)
	}
	if is == "auto" {
		var from env.Var
		for _, v := range []env.Var{env.JobCompletionIndex, env.SlurmArrayTaskID} {
			if v.String("") != "" {
				from = v
				break
			}
		}
		if from.Name == "" {
			return Shard{}, fmt.Errorf("%w %q: neither %s (Kubernetes Indexed Job) nor %s (Slurm array job) is set",
				ErrShard, spec, env.JobCompletionIndex.Name, env.SlurmArrayTaskID.Name)
		}
		is = from.String("")
		if _, err := strconv.Atoi(is); err != nil {
			return Shard{}, fmt.Errorf("%w %q: %s=%q is not an index", ErrShard, spec, from.Name, is)
		}
	}
	i, err := strconv.Atoi(is)
	if err != nil || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%w %q: index %q not in 0..%d", ErrShard, spec, is, n-1)
	}
	return Shard{Index: i, Count: n}, nil
}
