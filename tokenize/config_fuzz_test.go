package tokenize

import "testing"

// FuzzLoadConfig: tokenizer_config.json and special_tokens_map.json come
// from strangers. Any pair loads or fails with an error, never a panic,
// and a tokenizer that loads gives ids inside its vocabulary or, for a
// special token the vocabulary lacks, the id it was added with (after the
// vocabulary, as transformers adds it).
func FuzzLoadConfig(f *testing.F) {
	for _, s := range [][2]string{
		{`{"do_lower_case": false, "never_split": ["[X]"]}`, `{"mask_token": {"content": "[MASK]", "lstrip": true}}`},
		{`{"tokenizer_class": "BertTokenizerFast", "strip_accents": true, "tokenize_chinese_chars": false}`, `{"additional_special_tokens": ["[X]", {"content": "ok"}]}`},
		{`{"tokenizer_class": "BertJapaneseTokenizer", "word_tokenizer_type": "basic", "subword_tokenizer_type": "character"}`, `{}`},
		{`{"mecab_kwargs": {"mecab_dic": null, "mecab_option": "-d /nonexistent"}}`, `{"unk_token": null}`},
		{`{"unk_token": 5}`, `[`},
		{`null`, `{"cls_token": ""}`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, config, specials string) {
		dir := tinyDir(t, tinySpecials+"[X]\nok\n##k\n王\n", map[string]string{ConfigFile: config, SpecialTokensFile: specials})
		tk, err := Load(dir)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error with no message")
			}
			return
		}
		defer tk.Close()
		toks, err := tk.Tokenize("ok [MASK] 王 [X] okk")
		if err != nil {
			t.Fatalf("Tokenize with %s / %s: %v", config, specials, err)
		}
		for _, tok := range toks {
			inVocab := tok.ID >= 0 && int(tok.ID) < tk.Vocab().Len()
			if id, ok := tk.added[tok.Text]; !inVocab && (!ok || id != tok.ID) {
				t.Fatalf("id %d for %q: neither in the vocabulary nor an added special token", tok.ID, tok.Text)
			}
		}
	})
}
