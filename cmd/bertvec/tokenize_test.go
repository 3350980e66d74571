package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const tokRefs = "../../tokenize/testdata"

// tokenizerDir lays out a tokenizer-only model directory like a real
// checkpoint's (no weights): cl-tohoku names its class in config.json.
func tokenizerDir(t *testing.T, vocab string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(tokRefs, "vocab", vocab, "vocab.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files["vocab.txt"] = string(b)
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTokenizeLinesConformance: --lines over the reference texts gives
// transformers' tokens and ids, line for line.
func TestTokenizeLinesConformance(t *testing.T) {
	for _, tt := range []struct {
		ref, vocab string
		files      map[string]string
	}{
		{"en-basic-wordpiece.jsonl", "en-uncased-30k", map[string]string{"config.json": `{"model_type":"bert"}`, "tokenizer_config.json": `{"do_lower_case":true}`}},
		{"ja-mecab-wordpiece.jsonl", "ja-32k", map[string]string{
			"config.json":           `{"model_type":"bert","tokenizer_class":"BertJapaneseTokenizer"}`,
			"tokenizer_config.json": `{"do_lower_case":false,"word_tokenizer_type":"mecab","subword_tokenizer_type":"wordpiece"}`}},
	} {
		t.Run(tt.ref, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(tokRefs, "conformance", tt.ref))
			if err != nil {
				t.Fatal(err)
			}
			refLines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")[1:]
			var in strings.Builder
			want := make([]tokenLineJSON, len(refLines))
			for i, l := range refLines {
				if err := json.Unmarshal([]byte(l), &want[i]); err != nil {
					t.Fatal(err)
				}
				in.WriteString(want[i].Text + "\n")
			}
			in.WriteString("\n") // an empty line: empty lists
			want = append(want, tokenLineJSON{Tokens: []string{}, IDs: []int32{}})
			input := filepath.Join(t.TempDir(), "in.txt")
			if err := os.WriteFile(input, []byte(in.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := bertvec(t, "tokenize", "--model", tokenizerDir(t, tt.vocab, tt.files), "--lines", input)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			sc := bufio.NewScanner(strings.NewReader(out))
			sc.Buffer(nil, 1<<24)
			n := 0
			for ; sc.Scan(); n++ {
				var got tokenLineJSON
				if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
					t.Fatalf("line %d: %v", n+1, err)
				}
				if n < len(want) && !reflect.DeepEqual(got, want[n]) {
					t.Fatalf("line %d: %+v\nwant %+v", n+1, got, want[n])
				}
			}
			if n != len(want) {
				t.Fatalf("%d lines out, want %d", n, len(want))
			}
		})
	}
}

func TestTokenizeTable(t *testing.T) {
	code, out, errOut := bertvec(t, "tokenize", "--model", tinyModel, "女王様と王子様", "日本の[MASK]")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// tiny-bert-ja's vocabulary has 女王 (89) and 王子 (102) but not 様.
	for _, want := range []string{"女王様と王子様  (5 tokens)", "女王    89  女王", "[UNK]    1  様", "[MASK]    4  [MASK]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = bertvec(t, "tokenize", "--model", tinyModel, "--json", "王子")
	if code != 0 || strings.TrimSpace(out) != `{"text":"王子","tokens":["王子"],"ids":[102]}` {
		t.Errorf("--json: exit %d, %s", code, out)
	}
}

func TestTokenizeErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tokenize", "--model", tinyModel}, 2, "give TEXT"},
		{[]string{"tokenize", "--model", tinyModel, "--lines", "-", "x"}, 2, "exclude"},
		{[]string{"tokenize", "--model", tinyModel, "a\x00b"}, 1, "NUL"},
		{[]string{"tokenize", "--model", tinyModel, "--lines", "/nonexistent/file"}, 1, "no such file"},
		{[]string{"tokenize", "--model", tokenizerDir(t, "ja-32k", map[string]string{"tokenizer_config.json": `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"sudachi"}`}), "x"}, 1, "sudachi"},
	} {
		code, _, errOut := bertvec(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, %q; want exit %d naming %q", tt.args[1:], code, errOut, tt.code, tt.want)
		}
	}
}

// TestQueriesUseTokenizer: extract keeps the tokenizer settings, and a
// query word that is not one vocabulary entry is tokenized as the model
// does: MeCab splits 女王王子 into 女王 / 王子, where WordPiece alone
// would cut one word into 女王 ##王 ##子 pieces.
func TestQueriesUseTokenizer(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vectors")
	if code, _, errOut := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--kinds", "static"); code != 0 {
		t.Fatalf("extract: exit %d: %s", code, errOut)
	}
	want, err := os.ReadFile(filepath.Join(tinyModel, "tokenizer_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(out, "tokenizer_config.json")); err != nil || string(got) != string(want) {
		t.Fatalf("tokenizer_config.json not copied as it is: %v", err)
	}
	var meta struct {
		Tokenizer struct{ Class string } `json:"tokenizer"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "meta.json"))
	if err := json.Unmarshal(b, &meta); err != nil || meta.Tokenizer.Class != "BertJapaneseTokenizer" {
		t.Fatalf("meta.json tokenizer: %+v, %v", meta.Tokenizer, err)
	}
	code, _, errOut := bertvec(t, "neighbors", "--vectors", out, "-k", "3", "女王王子")
	if code != 0 || !strings.Contains(errOut, "女王 王子") {
		t.Fatalf("neighbors: exit %d, stderr %q: want a note with the pieces 女王 王子", code, errOut)
	}
	code, _, errOut = bertvec(t, "norms", "--vectors", out, "女王王子")
	if code != 0 || !strings.Contains(errOut, "女王 王子") {
		t.Fatalf("norms: exit %d, stderr %q", code, errOut)
	}
}
