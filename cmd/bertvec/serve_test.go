package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bertvec/bertvec/internal/npy"
)

func TestServeFlags(t *testing.T) {
	dir := tinyVectors(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve"}, 2, "--vectors is required"},
		{[]string{"serve", "--vectors", dir, "extra"}, 2, "takes no arguments"},
		{[]string{"serve", "--vectors", dir, "--addr", "8080"}, 2, "want HOST:PORT"},
		{[]string{"serve", "--vectors", dir, "--grace", "0s"}, 2, "--grace"},
		{[]string{"serve", "--vectors", dir, "--max-k", "0"}, 2, "--max-k"},
		{[]string{"serve", "--vectors", filepath.Join(dir, "missing"), "--addr", "127.0.0.1:0"}, 1, "bad vectors directory"},
	} {
		code, _, stderr := bertvec(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// bertvec serve end to end: it prints its URL, answers /api/analogy with
// the bytes `bertvec analogy --json` prints, and exits 0 on SIGTERM.
func TestServeEndToEnd(t *testing.T) {
	dir := tinyVectors(t)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runMain([]string{"serve", "--vectors", dir, "--addr", "127.0.0.1:0", "--model", tinyModel}, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			base = "http://" + m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve never printed its URL: %q %q", stdout.String(), stderr.String())
	}
	for _, args := range [][]string{
		{"-k", "5", "王 - 男 + 女"},
		{"--kind", "dynamic", "--metric", "cosine", "--exclude-query", "--exclude-special", "-k", "7", "東京－日本＋大阪"},
	} {
		_, want, _ := bertvec(t, append([]string{"analogy", "--vectors", dir, "--json"}, args...)...)
		q := url.Values{"q": {args[len(args)-1]}}
		for i := 0; i < len(args)-1; i++ {
			name := strings.ReplaceAll(strings.TrimLeft(args[i], "-"), "-", "_")
			if name == "exclude_query" || name == "exclude_special" {
				q.Set(name, "1")
				continue
			}
			q.Set(name, args[i+1])
			i++
		}
		resp, err := http.Get(base + "/api/analogy?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(got) != want || want == "" {
			t.Errorf("%v: API %d %s\nCLI %s", args, resp.StatusCode, got, want)
		}
	}
	// The model: a word's computed dynamic vector is its row.
	resp, err := http.Get(base + "/api/dynamic?k=1&word=" + url.QueryEscape("女王"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(got), `"results":[{"rank":1,"id":89,"token":"女王"`) {
		t.Errorf("/api/dynamic?word=女王: %s", got)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("after SIGTERM, exit %d: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

// The model's dynamic vector of a one-piece word is extract's row for it,
// and a word outside the vocabulary is averaged over its pieces.
func TestServeModelDynamic(t *testing.T) {
	m, err := loadServeModel(context.Background(), tinyModel, tinyVectors(t), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	mat, err := npy.Open(filepath.Join(tinyModel, "reference", "dynamic.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer mat.Close()
	vec, pieces, err := m.Dynamic(context.Background(), "女王")
	if err != nil || len(pieces) != 1 || pieces[0] != "女王" {
		t.Fatalf("Dynamic(女王) = %v, %v", pieces, err)
	}
	for i, x := range mat.Row(89) {
		if math.Abs(float64(vec[i]-x)) > 1e-4 {
			t.Fatalf("dim %d: %g, reference %g", i, vec[i], x)
		}
	}
	if _, pieces, err := m.Dynamic(context.Background(), "女王様"); err != nil || len(pieces) < 2 {
		t.Errorf("Dynamic(女王様) = %v, %v: want several pieces", pieces, err)
	}
}

// Vectors extracted from another layer are matched: the model computes
// the layer meta.json records.
func TestServeModelLayer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vec")
	if code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", dir, "--kinds", "dynamic", "--layer", "1", "--quiet"); code != 0 {
		t.Fatalf("extract: %d %s", code, stderr)
	}
	m, err := loadServeModel(context.Background(), tinyModel, dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	mat, err := npy.Open(filepath.Join(dir, "dynamic.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer mat.Close()
	vec, _, err := m.Dynamic(context.Background(), "女王")
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range mat.Row(89) {
		if math.Abs(float64(vec[i]-x)) > 1e-4 {
			t.Fatalf("dim %d: %g, layer-1 row %g", i, vec[i], x)
		}
	}
}

// Vectors extracted in bf16 are matched too: serve computes in the
// precision meta.json records, so its vector for an id is much closer to
// the bf16 row than to the fp32 row of the same id.
func TestServeModelPrecision(t *testing.T) {
	rows := map[string][]float32{}
	dirs := map[string]string{}
	for _, p := range []string{"fp32", "bf16"} {
		dir := filepath.Join(t.TempDir(), p)
		if code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", dir, "--kinds", "dynamic", "--precision", p, "--quiet"); code != 0 {
			t.Fatalf("extract %s: %d %s", p, code, stderr)
		}
		mat, err := npy.Open(filepath.Join(dir, "dynamic.npy"))
		if err != nil {
			t.Fatal(err)
		}
		rows[p] = append([]float32(nil), mat.Row(89)...)
		mat.Close()
		dirs[p] = dir
	}
	m, err := loadServeModel(context.Background(), tinyModel, dirs["bf16"], io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	vec, _, err := m.Dynamic(context.Background(), "女王")
	if err != nil {
		t.Fatal(err)
	}
	dist := func(row []float32) float64 {
		d := 0.0
		for i, x := range row {
			d = max(d, math.Abs(float64(vec[i]-x)))
		}
		return d
	}
	if low, full := dist(rows["bf16"]), dist(rows["fp32"]); !(full > 0 && low <= full/4) {
		t.Fatalf("serve's vector is %g from the bf16 row and %g from the fp32 row: it did not compute in bf16", low, full)
	}
}
