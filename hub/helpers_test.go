package hub_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

const commit = "0123456789abcdef0123456789abcdef01234567"

// bigBytes is deterministic pseudo-random content of n bytes.
func bigBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// bertRepo is a BERT-shaped repo: plain config and vocab, an LFS weight
// file of weightSize bytes.
func bertRepo(id string, weightSize int) hubtest.Repo {
	return hubtest.Repo{ID: id, Commit: commit, Files: []hubtest.File{
		{Name: "config.json", Data: []byte(`{"model_type": "bert", "hidden_size": 64}`)},
		{Name: "vocab.txt", Data: []byte("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n王\n")},
		{Name: "tokenizer_config.json", Data: []byte(`{"do_lower_case": false}`)},
		{Name: "README.md", Data: []byte("# not downloaded\n")},
		{Name: "model.safetensors", Data: bigBytes(weightSize), LFS: true},
		{Name: "pytorch_model.bin", Data: bigBytes(weightSize / 2), LFS: true},
	}}
}

// events collects progress events.
type events struct {
	mu sync.Mutex
	ev []hub.Event
}

func (e *events) add(ev hub.Event) { e.mu.Lock(); e.ev = append(e.ev, ev); e.mu.Unlock() }

func (e *events) count(k hub.EventKind) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.ev {
		if ev.Kind == k {
			n++
		}
	}
	return n
}

func (e *events) errs() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var s []string
	for _, ev := range e.ev {
		if ev.Err != nil {
			s = append(s, ev.Err.Error())
		}
	}
	return strings.Join(s, "\n")
}

// newClient is a client of srv with a fresh cache, fast retries and
// short timeouts.
func newClient(t *testing.T, srv *hubtest.Server, cache string, opts ...hub.Option) (*hub.Client, *events) {
	t.Helper()
	ev := &events{}
	all := append([]hub.Option{
		hub.WithEndpoint(srv.URL()), hub.WithCacheDir(cache),
		hub.WithRetries(5, time.Millisecond), hub.WithTimeouts(2*time.Second, 2*time.Second),
		hub.WithProgress(ev.add),
	}, opts...)
	c, err := hub.New(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c, ev
}

func download(t *testing.T, c *hub.Client, spec string) (*hub.Snapshot, error) {
	t.Helper()
	r, err := hub.ParseRef(spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return c.Download(ctx, r)
}

// checkFile fails unless the snapshot's file has want's bytes.
func checkFile(t *testing.T, dir, name string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes differ from the %d served", name, len(got), len(want))
	}
}

// leftovers lists the .incomplete and .tmplink files under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(p, ".incomplete") || strings.HasSuffix(p, ".tmplink")) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func cdnGets(srv *hubtest.Server) (n int, ranges []string) {
	for _, r := range srv.Log() {
		if r.Host == "cdn" && r.Method == "GET" {
			n++
			ranges = append(ranges, r.Range)
		}
	}
	return n, ranges
}
