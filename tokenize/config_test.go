package tokenize

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const tinySpecials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n"

// tinyDir writes a tokenizer directory from file contents.
func tinyDir(t *testing.T, vocabLines string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if vocabLines != "" {
		if err := os.WriteFile(filepath.Join(dir, VocabFile), []byte(vocabLines), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func texts(ts []Token) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return out
}

func TestUnsupported(t *testing.T) {
	for _, tt := range []struct {
		name  string
		vocab string
		files map[string]string
		want  string // the setting the error must name
	}{
		{"sudachi", tinySpecials, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"sudachi"}`}, "sudachi"},
		{"jumanpp", tinySpecials, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"jumanpp"}`}, "jumanpp"},
		{"sentencepiece", tinySpecials, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","subword_tokenizer_type":"sentencepiece"}`}, "sentencepiece"},
		{"unknown word tokenizer", tinySpecials, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"kytea"}`}, "kytea"},
		{"other class", tinySpecials, map[string]string{ConfigFile: `{"tokenizer_class":"RobertaTokenizer"}`}, "RobertaTokenizer"},
		{"other model type", tinySpecials, map[string]string{ModelConfigFile: `{"model_type":"gpt2"}`}, "gpt2"},
		{"tokenizer.json only", "", map[string]string{fastTokenizerFile: `{"model":{"type":"BPE"}}`}, "tokenizer.json"},
		{"added tokens", tinySpecials, map[string]string{addedTokensFile: `{"<new>": 5}`}, "added_tokens.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tinyDir(t, tt.vocab, tt.files))
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrUnsupported naming %q", err, tt.want)
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"broken JSON":         {ConfigFile: `{"do_lower_case": tru`},
		"wrong type":          {ConfigFile: `{"do_lower_case": "yes"}`},
		"special not string":  {SpecialTokensFile: `{"unk_token": 5}`},
		"mecab_kwargs broken": {ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","mecab_kwargs":[1]}`},
		"over the size bound": {SpecialTokensFile: "{}" + strings.Repeat(" ", maxConfigBytes)}, // valid JSON
	} {
		dir := tinyDir(t, tinySpecials, files)
		if _, err := Load(dir); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
		if _, err := ReadSaved(dir); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: ReadSaved err = %v, want ErrConfig", name, err)
		}
	}
	if _, err := Load(t.TempDir()); !errors.Is(err, ErrConfig) {
		t.Errorf("no vocab.txt: %v", err)
	}
}

// fakeSeg splits on "|" so that the Japanese pipeline is testable without MeCab.
type fakeSeg struct{ closed *bool }

func (f fakeSeg) Segment(dst []int32, s string) ([]int32, error) {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '|' {
			if i > start {
				dst = append(dst, int32(start), int32(i))
			}
			start = i + 1
		}
	}
	return dst, nil
}
func (f fakeSeg) Close() error { *f.closed = true; return nil }

func TestJapaneseSettings(t *testing.T) {
	vocab := tinySpecials + "ab\n##c\nσ\nς\nx\nA\n"
	closed := false
	var gotKw MecabKwargs
	seg := WithSegmenter(func(kw MecabKwargs) (Segmenter, error) { gotKw = kw; return fakeSeg{&closed}, nil })
	for _, tt := range []struct {
		name, cfg, in string
		want          []string
	}{
		// NFKC turns full-width ＡＢ into AB, lower-casing then ab; [MASK] stays.
		{"mecab lower nfkc", `{"word_tokenizer_type":"mecab","do_lower_case":true}`, "ＡＢc|[MASK]|x", []string{"ab", "##c", "[MASK]", "x"}},
		{"mecab cased", `{"word_tokenizer_type":"mecab"}`, "ABc|x", []string{"[UNK]", "x"}},
		{"no normalize", `{"word_tokenizer_type":"mecab","mecab_kwargs":{"normalize_text":false}}`, "ＡＢc", []string{"[UNK]"}},
		{"character", `{"word_tokenizer_type":"mecab","subword_tokenizer_type":"character"}`, "x|Aｘ", []string{"x", "A", "x"}},
		{"whitespace", `{"word_tokenizer_type":"whitespace"}`, "abc  x", []string{"ab", "##c", "x"}},
		{"no word tokenizer", `{"do_word_tokenize":false}`, "abc\tx", []string{"ab", "##c", "x"}},
		{"no subword: the word is the token, its id [UNK]'s", `{"word_tokenizer_type":"mecab","do_subword_tokenize":false}`, "abc|x", []string{"abc", "x"}},
		{"basic", `{}`, "abc, x", []string{"ab", "##c", "[UNK]", "x"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := strings.Replace(tt.cfg, "{", `{"tokenizer_class":"BertJapaneseTokenizer",`, 1)
			cfg = strings.Replace(cfg, ",}", "}", 1)
			tk, err := Load(tinyDir(t, vocab, map[string]string{ConfigFile: cfg}), seg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tk.Tokenize(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(texts(got), tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, texts(got), tt.want)
			}
			tk.Close()
		})
	}
	if !closed {
		t.Error("Close did not close the segmenter")
	}
	// mecab_dic: null passes no dictionary; absent means ipadic.
	if _, err := Load(tinyDir(t, vocab, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"mecab","mecab_kwargs":{"mecab_dic":null,"mecab_option":"-d /x"}}`}), seg); err != nil || gotKw.Dic != nil || gotKw.Option != "-d /x" {
		t.Errorf("mecab_dic null: %v, %+v", err, gotKw)
	}
	if _, err := Load(tinyDir(t, vocab, map[string]string{ConfigFile: `{"tokenizer_class":"BertJapaneseTokenizer","word_tokenizer_type":"mecab","mecab_kwargs":{}}`}), seg); err != nil || gotKw.Dic == nil || *gotKw.Dic != "ipadic" {
		t.Errorf("mecab_dic absent: %v, %+v", err, gotKw)
	}
}

func TestSpecialTokens(t *testing.T) {
	vocab := tinySpecials + "a\nb\n"
	// An AddedToken that eats only the space on its left; a special token
	// the vocabulary lacks gets the next id (7).
	tk, err := Load(tinyDir(t, vocab, map[string]string{
		SpecialTokensFile: `{"mask_token":{"content":"[MASK]","lstrip":true,"rstrip":false},"additional_special_tokens":["<x>"]}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Class() != classBert {
		t.Errorf("Class = %q without any class setting, want BertTokenizer", tk.Class())
	}
	got, err := tk.Tokenize("a [MASK] b<x>a")
	if err != nil {
		t.Fatal(err)
	}
	want := []Token{{"a", 5, 0}, {"[MASK]", 4, 1}, {"b", 6, 2}, {"<x>", 7, 3}, {"a", 5, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// do_lower_case (BertTokenizer's default) leaves special tokens alone
	// and lower-cases the rest: [MASK] stays, B becomes b.
	got, _ = tk.Tokenize("B[MASK]")
	if !reflect.DeepEqual(texts(got), []string{"b", "[MASK]"}) {
		t.Errorf("lower-casing around a special token: %q", texts(got))
	}
}

func TestClassFromModelConfig(t *testing.T) {
	closed := false
	tk, err := Load(tinyDir(t, tinySpecials+"a\n", map[string]string{
		ModelConfigFile: `{"model_type":"bert","tokenizer_class":"BertJapaneseTokenizer"}`,
		ConfigFile:      `{"word_tokenizer_type":"mecab"}`,
	}), WithSegmenter(func(MecabKwargs) (Segmenter, error) { return fakeSeg{&closed}, nil }))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Class() != classJapanese || !strings.Contains(tk.Settings(), "mecab") {
		t.Errorf("Class %q, settings %q", tk.Class(), tk.Settings())
	}
}
