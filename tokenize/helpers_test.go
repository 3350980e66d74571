package tokenize

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refLine is one line of a conformance file.
type refLine struct {
	Text   string   `json:"text"`
	Tokens []string `json:"tokens"`
	IDs    []int32  `json:"ids"`
}

// refHeader is a conformance file's first line.
type refHeader struct {
	Tokenizer struct {
		Class                string `json:"class"`
		Vocab                string `json:"vocab"`
		WordTokenizerType    string `json:"word_tokenizer_type"`
		MecabDic             string `json:"mecab_dic"`
		SubwordTokenizerType string `json:"subword_tokenizer_type"`
		DoLowerCase          *bool  `json:"do_lower_case"`
		TokenizeChineseChars *bool  `json:"tokenize_chinese_chars"`
	} `json:"tokenizer"`
}

// readRef reads a conformance file of testdata/conformance.
func readRef(t testing.TB, name string) (refHeader, []refLine) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata/conformance", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	var h refHeader
	var lines []refLine
	for n := 0; sc.Scan(); n++ {
		if n == 0 {
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
				t.Fatalf("%s header: %v", name, err)
			}
			continue
		}
		var l refLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s line %d: %v", name, n+1, err)
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatalf("%s: no reference lines", name)
	}
	return h, lines
}

// modelDir writes a tokenizer directory for a reference header, the way
// the real checkpoints lay it out: cl-tohoku names BertJapaneseTokenizer
// only in config.json; bert-base-uncased has only do_lower_case.
func modelDir(t testing.TB, h refHeader) string {
	t.Helper()
	dir := t.TempDir()
	tk := h.Tokenizer
	vocab, err := os.ReadFile(filepath.Join("testdata", strings.TrimPrefix(tk.Vocab, "data/")))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, VocabFile), vocab, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := map[string]any{}
	if tk.DoLowerCase != nil {
		cfg["do_lower_case"] = *tk.DoLowerCase
	}
	if tk.TokenizeChineseChars != nil {
		cfg["tokenize_chinese_chars"] = *tk.TokenizeChineseChars
	}
	switch tk.Class {
	case classJapanese:
		cfg["word_tokenizer_type"] = tk.WordTokenizerType
		cfg["subword_tokenizer_type"] = tk.SubwordTokenizerType
		cfg["mecab_kwargs"] = map[string]any{"mecab_dic": tk.MecabDic}
		write(ModelConfigFile, map[string]any{"model_type": "bert", "tokenizer_class": tk.Class})
	default:
		write(ModelConfigFile, map[string]any{"model_type": "bert"})
	}
	write(ConfigFile, cfg)
	write(SpecialTokensFile, map[string]string{"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"})
	return dir
}

// load loads the tokenizer of a reference file.
func load(t testing.TB, name string) (*Tokenizer, []refLine) {
	t.Helper()
	h, lines := readRef(t, name)
	tk, err := Load(modelDir(t, h))
	if err != nil {
		t.Fatalf("Load for %s: %v", name, err)
	}
	t.Cleanup(func() { tk.Close() })
	return tk, lines
}
