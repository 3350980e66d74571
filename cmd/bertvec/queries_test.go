package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bertvec/bertvec/internal/npy"
)

// withStdin makes "-" read r for one test.
func withStdin(t *testing.T, r io.Reader) {
	old := stdin
	stdin = r
	t.Cleanup(func() { stdin = old })
}

// --queries - answers each line as it arrives, before the input ends: an
// endless input (yes | bertvec analogy --queries -) streams.
func TestAnalogyQueriesStream(t *testing.T) {
	dir := tinyVectors(t)
	in, feed := io.Pipe()
	withStdin(t, in)
	out, outW := io.Pipe()
	done := make(chan int, 1)
	var errOut strings.Builder
	go func() {
		done <- runMain([]string{"analogy", "--vectors", dir, "--queries", "-", "-k", "2"}, outW, &errOut)
		outW.Close()
	}()
	answers := bufio.NewScanner(out)
	for i, q := range []string{"王-男+女", "##王", "王"} {
		fmt.Fprintln(feed, "# comment")
		fmt.Fprintln(feed, q)
		got := make(chan string, 1)
		go func() {
			answers.Scan()
			got <- answers.Text()
		}()
		select {
		case line := <-got:
			if !strings.Contains(line, fmt.Sprintf(`"query":%q`, q)) || strings.Contains(line, `"error"`) {
				t.Fatalf("answer %d: %s", i, line)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no answer to %q before the input ended", q)
		}
	}
	fmt.Fprintln(feed, "王 +")
	feed.Close()
	go io.Copy(io.Discard, out)
	if code := <-done; code != 1 || !strings.Contains(errOut.String(), "1 of 4 queries failed") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// Many queries come back in order and complete, through several batches.
func TestAnalogyQueriesManyBatches(t *testing.T) {
	dir := tinyVectors(t)
	var b strings.Builder
	n := 3*queryBatch + 7
	for i := range n {
		fmt.Fprintf(&b, "王 + %s\n", []string{"女", "男", "東京"}[i%3])
	}
	withStdin(t, strings.NewReader(b.String()))
	code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--queries", "-", "-k", "1")
	lines := decodeLines(t, out)
	if code != 0 || len(lines) != n {
		t.Fatalf("exit %d, %d answers, stderr %q", code, len(lines), errOut)
	}
	for i, a := range lines {
		if want := "王 + " + []string{"女", "男", "東京"}[i%3]; a.Query != want || len(a.Results) != 1 {
			t.Fatalf("answer %d: %+v, want query %q", i, a, want)
		}
	}
}

// A line over the limit stops the run with an error that says where and
// how much was answered.
func TestAnalogyQueriesLongLine(t *testing.T) {
	dir := tinyVectors(t)
	withStdin(t, strings.NewReader("王\n王-男+女\n"+strings.Repeat("王", maxQueryLine)+"\n王\n"))
	code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--queries", "-", "-k", "1")
	if code != 1 || len(decodeLines(t, out)) != 2 || !strings.Contains(errOut, "line 3: bufio.Scanner: token too long") ||
		!strings.Contains(errOut, "answered the 2 queries before it") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// vectorsWithRows is tinyVectors with static rows replaced.
func vectorsWithRows(t *testing.T, rows map[int][]float32) string {
	t.Helper()
	dir := tinyVectors(t)
	m := openNPY(t, filepath.Join(dir, "static.npy"))
	data := append([]float32(nil), m.Data...)
	for id, v := range rows {
		copy(data[id*m.Cols:(id+1)*m.Cols], v)
	}
	path := filepath.Join(dir, "static.npy")
	os.Remove(path)
	if err := npy.Write(path, m.Rows, m.Cols, data); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A row with an Inf gives an infinite distance and norm: JSON says so as a
// string, and every line is still written.
func TestJSONNonFinite(t *testing.T) {
	inf := make([]float32, 64)
	inf[0] = float32(math.Inf(1))
	dir := vectorsWithRows(t, map[int][]float32{100: inf})
	code, out, errOut := bertvec(t, "neighbors", "--vectors", dir, "--json", "-k", "417", "王")
	if code != 0 || !strings.Contains(out, `"id":100,`) || !strings.Contains(out, `"distance":"Infinity"`) {
		t.Errorf("neighbors: exit %d, stderr %q, stdout %.300s", code, errOut, out)
	}
	tok := strings.Split(readVocab(t, dir), "\n")[100]
	code, out, errOut = bertvec(t, "norms", "--vectors", dir, "--json", tok)
	if code != 0 || !strings.Contains(out, `"norm":"Infinity"`) {
		t.Errorf("norms: exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	withStdin(t, strings.NewReader("王\n王-男+女\n王\n"))
	code, out, errOut = bertvec(t, "analogy", "--vectors", dir, "--queries", "-", "-k", "417")
	if code != 0 || strings.Count(out, "\n") != 3 || strings.Count(out, `"Infinity"`) != 3 {
		t.Errorf("--queries: exit %d, stderr %q", code, errOut)
	}
}

func readVocab(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "vocab.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// --exclude-special leaves [PAD] [UNK] [CLS] [SEP] [MASK] out; by default
// they rank where the kernel puts them.
func TestExcludeSpecialCLI(t *testing.T) {
	dir := tinyVectors(t)
	specials := []string{`"[PAD]"`, `"[UNK]"`, `"[CLS]"`, `"[SEP]"`, `"[MASK]"`}
	has := func(out string) bool {
		for _, s := range specials {
			if strings.Contains(out, `"token":`+s) {
				return true
			}
		}
		return false
	}
	_, all, _ := bertvec(t, "neighbors", "--vectors", dir, "--json", "-k", "417", "王")
	if !has(all) {
		t.Fatalf("k = V without --exclude-special lacks the specials")
	}
	for _, args := range [][]string{
		{"neighbors", "--vectors", dir, "--json", "-k", "417", "--exclude-special", "王"},
		{"analogy", "--vectors", dir, "--json", "-k", "417", "--exclude-special", "王-男+女"},
	} {
		code, out, errOut := bertvec(t, args...)
		if code != 0 || has(out) || strings.Count(out, `"rank"`) != 412 {
			t.Errorf("%v: exit %d, %d results, specials present %v, stderr %q", args[0], code, strings.Count(out, `"rank"`), has(out), errOut)
		}
	}
}

// A kind the directory lacks: say which it has and what to pass.
func TestKindHint(t *testing.T) {
	dir := tinyVectors(t)
	os.Remove(filepath.Join(dir, "dynamic.npy"))
	code, _, errOut := bertvec(t, "neighbors", "--vectors", dir, "--kind", "dynamic", "王")
	if want := "no dynamic vectors in " + dir + " (it has: static); use --kind static"; code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want %q", code, errOut, want)
	}
}
