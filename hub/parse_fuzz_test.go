package hub

import (
	"errors"
	"path"
	"strings"
	"testing"
)

// A weights index is a stranger's file: whatever it holds, shardsOf
// returns plain file names or ErrIntegrity.
func FuzzShardsOf(f *testing.F) {
	f.Add([]byte(`{"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}`))
	f.Add([]byte(`{"weight_map": {"a": "../x"}}`))
	f.Add([]byte(`{"weight_map": {}}`))
	f.Add([]byte(`[1, 2]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		shards, err := shardsOf(data, "index.json")
		if err != nil {
			if !errors.Is(err, ErrIntegrity) {
				t.Fatalf("error without ErrIntegrity: %v", err)
			}
			return
		}
		for _, s := range shards {
			if s != path.Base(s) || strings.ContainsAny(s, `/\`) || strings.HasPrefix(s, ".") {
				t.Fatalf("shard %q escapes the snapshot", s)
			}
		}
	})
}

func FuzzRangeStart(f *testing.F) {
	for _, s := range []string{"bytes 100-199/200", "bytes */200", "bytes -1-2/3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := rangeStart(s)
		if ok && !strings.HasPrefix(s, "bytes ") {
			t.Fatalf("%q parsed as %d", s, n)
		}
	})
}
