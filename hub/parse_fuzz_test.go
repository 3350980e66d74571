package hub

import (
	"errors"
	"net/http"
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

// A Hub's (or a mirror's) answer to HEAD is a stranger's: whatever its
// headers say, parseMeta returns a commit, a plain ETag, a size and an
// http(s) location, or ErrProtocol.
func FuzzParseMeta(f *testing.F) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	f.Add(302, commit, `"abc123"`, "", "1024", "", "https://cdn.example/blob")
	f.Add(200, commit, `W/"abc"`, `"sha"`, "", "12", "")
	f.Add(307, commit, "x", "", "-1", "1", "javascript:alert(1)")
	f.Add(200, "main", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, status int, repoCommit, etag, linkedEtag, linkedSize, length, location string) {
		req, _ := http.NewRequest(http.MethodHead, "https://huggingface.co/org/bert/resolve/main/config.json", nil)
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Request: req}
		for k, v := range map[string]string{"X-Repo-Commit": repoCommit, "ETag": etag, "X-Linked-Etag": linkedEtag,
			"X-Linked-Size": linkedSize, "Content-Length": length, "Location": location} {
			if v != "" {
				resp.Header.Set(k, v)
			}
		}
		m, err := parseMeta(resp)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error without ErrProtocol: %v", err)
			}
			return
		}
		if !IsCommit(m.commit) || m.etag == "" || len(m.etag) > 128 || !etagChars.MatchString(m.etag) || m.size < 0 ||
			(m.location.Scheme != "https" && m.location.Scheme != "http") {
			t.Fatalf("accepted %+v", m)
		}
	})
}
