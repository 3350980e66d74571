package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tinyVectorsTokenizer is tinyVectors with the tokenizer settings extract
// copies (tiny-bert-ja's: MeCab + WordPiece, which makes 男女 男 ##女 and
// 父母 [UNK]).
func tinyVectorsTokenizer(t *testing.T) string {
	t.Helper()
	dir := tinyVectors(t)
	cfg, err := os.ReadFile(filepath.Join(tinyModel, "tokenizer_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	meta := `{"vocab": "vocab.txt", "format": "npy", "kinds": {
  "static": {"file": "static.npy", "shape": [417, 64], "dtype": "<f4"},
  "dynamic": {"file": "dynamic.npy", "shape": [417, 64], "dtype": "<f4"}},
  "tokenizer": {"class": "BertJapaneseTokenizer", "files": ["tokenizer_config.json"]}}`
	for name, body := range map[string][]byte{"tokenizer_config.json": cfg, "meta.json": []byte(meta)} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// evalOOVOut is eval --json with the pieces counts and misses.
type evalOOVOut struct {
	Overall map[string]any `json:"overall"`
	Misses  []struct {
		Line      int    `json:"line"`
		Predicted string `json:"predicted"`
	} `json:"misses"`
}

// A question with a word that is not one vocab token is skipped by
// default; --oov pieces answers it, and the answer is the one analogy
// gives for b - a + c (cosine), the single-token query words left out.
func TestEvalOOVPieces(t *testing.T) {
	dir := tinyVectorsTokenizer(t)
	qfile := filepath.Join(t.TempDir(), "q.txt")
	questions := [][4]string{{"王", "女王", "男女", "女"}, {"男女", "女", "王", "女王"}, {"王", "女王", "父母", "母"}, {"男", "女", "王", "女王"}}
	text := ": x\n"
	for _, q := range questions {
		text += strings.Join(q[:], " ") + "\n"
	}
	if err := os.WriteFile(qfile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) evalOOVOut {
		t.Helper()
		code, out, errOut := bertvec(t, append([]string{"eval", "--vectors", dir, "--json", "--show-misses", "9"}, append(args, qfile)...)...)
		var e evalOOVOut
		if code != 0 || json.Unmarshal([]byte(out), &e) != nil {
			t.Fatalf("eval %v: exit %d, %s %s", args, code, out, errOut)
		}
		return e
	}
	def := run()
	if o := def.Overall; o["total"] != 1.0 || o["skipped"] != 3.0 || o["pieces"] != nil {
		t.Errorf("default: overall %v; want 1 answered, 3 skipped, no pieces field", o)
	}
	e := run("--oov", "pieces")
	if o := e.Overall; o["total"] != 3.0 || o["skipped"] != 1.0 || o["pieces"] != 2.0 {
		t.Errorf("--oov pieces: overall %v; want 3 answered, 1 skipped (父母 is [UNK]), 2 by pieces", o)
	}
	for i, q := range questions[:2] {
		line := i + 2
		got := q[3] // a question not among the misses was answered right
		for _, m := range e.Misses {
			if m.Line == line {
				got = m.Predicted
			}
		}
		code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--metric", "cosine", "--json", "-k", "10", q[1]+" - "+q[0]+" + "+q[2])
		var a struct {
			Results []struct{ Token string } `json:"results"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &a) != nil {
			t.Fatalf("analogy: exit %d, %s %s", code, out, errOut)
		}
		want := ""
		for _, r := range a.Results {
			if !slices.Contains([]string{q[0], q[1], q[2]}, r.Token) {
				want = r.Token
				break
			}
		}
		if got != want {
			t.Errorf("%s : %s = %s : ? eval --oov pieces says %q, analogy %q", q[0], q[1], q[2], got, want)
		}
	}
	// The table gains a pieces column under --oov pieces only.
	code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--oov", "pieces", qfile)
	if last := lastLine(out); code != 0 || !strings.Contains(out, "skipped  pieces\n") || !strings.HasSuffix(last, " 1       2") {
		t.Errorf("table: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := bertvec(t, "eval", "--vectors", dir, qfile); strings.Contains(out, "pieces") {
		t.Errorf("default table has a pieces column:\n%s", out)
	}
	if code, _, errOut := bertvec(t, "eval", "--vectors", dir, "--oov", "mean", qfile); code != 2 || !strings.Contains(errOut, "--oov") {
		t.Errorf("--oov mean: exit %d, %q", code, errOut)
	}
}

// BATS and several kinds: --oov pieces answers the pairs through 男女.
func TestEvalOOVPiecesBATS(t *testing.T) {
	dir := tinyVectorsTokenizer(t)
	bats := t.TempDir()
	if err := os.WriteFile(filepath.Join(bats, "c.txt"), []byte("王\t女王\n男女\t女\n男\t女\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		oov                    string
		total, skipped, pieces float64
		hasPieces              bool
	}{{"skip", 2, 4, 0, false}, {"pieces", 6, 0, 4, true}} {
		code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--kind", "static,dynamic", "--json", "--oov", tt.oov, bats)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 {
			t.Fatalf("want one JSON object per kind:\n%s", out)
		}
		for _, l := range lines {
			var e evalOOVOut
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatal(err)
			}
			o := e.Overall
			if p, ok := o["pieces"]; o["total"] != tt.total || o["skipped"] != tt.skipped || ok != tt.hasPieces || ok && p != tt.pieces {
				t.Errorf("--oov %s: overall %v", tt.oov, o)
			}
		}
	}
	code, out, errOut := bertvec(t, "eval", "--vectors", dir, "--kind", "static,dynamic", "--oov", "pieces", bats)
	if code != 0 || !strings.Contains(out, "skipped  pieces   static") || !strings.HasPrefix(lastLine(out), "total           6        0       4  ") {
		t.Errorf("table: exit %d\n%s%s", code, out, errOut)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}
