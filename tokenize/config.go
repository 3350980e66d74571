package tokenize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/regfile"
)

// File names Load reads; nothing else of a checkpoint is needed.
const (
	VocabFile         = "vocab.txt"
	ConfigFile        = "tokenizer_config.json"
	SpecialTokensFile = "special_tokens_map.json"
	ModelConfigFile   = "config.json"
	addedTokensFile   = "added_tokens.json"
	fastTokenizerFile = "tokenizer.json"
)

// Files lists the files Load reads, in the order it reads them; the ones
// that exist are what `bertvec extract` copies into a vectors directory.
var Files = []string{ModelConfigFile, ConfigFile, SpecialTokensFile, VocabFile}

// maxConfigBytes bounds each JSON file; real ones are a few KB (config.json
// with a large id2label map, a few hundred KB).
const maxConfigBytes = 16 << 20

// Token is a special token as transformers stores it: a string, or an
// AddedToken object whose lstrip/rstrip say which side's white space it
// eats. A plain string eats both sides (PreTrainedTokenizer.tokenize).
type specialToken struct {
	Content        string
	LStrip, RStrip bool
	Added          bool // given as an AddedToken object
}

func (s *specialToken) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(b, &s.Content); err == nil {
		return nil
	}
	var o struct {
		Content string `json:"content"`
		LStrip  bool   `json:"lstrip"`
		RStrip  bool   `json:"rstrip"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("a special token must be a string or an AddedToken object: %w", err)
	}
	*s = specialToken{Content: o.Content, LStrip: o.LStrip, RStrip: o.RStrip, Added: true}
	return nil
}

// MecabKwargs mirrors tokenizer_config.json's mecab_kwargs.
type MecabKwargs struct {
	// Dic is mecab_dic: "ipadic" when absent, nil when given as null
	// (then Option alone names the dictionary, with -d).
	Dic           *string `json:"-"`
	Option        string  `json:"mecab_option"`
	NormalizeText *bool   `json:"normalize_text"`
}

func (m *MecabKwargs) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	type plain MecabKwargs
	if err := json.Unmarshal(b, (*plain)(m)); err != nil {
		return err
	}
	ipadic := "ipadic"
	m.Dic = &ipadic
	if d, ok := raw["mecab_dic"]; ok {
		m.Dic = nil
		if err := json.Unmarshal(d, &m.Dic); err != nil {
			return fmt.Errorf("mecab_dic: %w", err)
		}
	}
	return nil
}

// Config mirrors the tokenizer settings transformers reads from
// tokenizer_config.json, special_tokens_map.json and config.json. Pointer
// fields are nil when the file does not set them: their defaults depend on
// the class.
type Config struct {
	Class string `json:"tokenizer_class"`

	DoLowerCase          *bool    `json:"do_lower_case"`
	DoBasicTokenize      *bool    `json:"do_basic_tokenize"`
	NeverSplit           []string `json:"never_split"`
	TokenizeChineseChars *bool    `json:"tokenize_chinese_chars"`
	StripAccents         *bool    `json:"strip_accents"`

	// BertJapaneseTokenizer.
	DoWordTokenize       *bool        `json:"do_word_tokenize"`
	DoSubwordTokenize    *bool        `json:"do_subword_tokenize"`
	WordTokenizerType    *string      `json:"word_tokenizer_type"`
	SubwordTokenizerType *string      `json:"subword_tokenizer_type"`
	MecabKwargs          *MecabKwargs `json:"mecab_kwargs"`
	SudachiKwargs        any          `json:"sudachi_kwargs"`
	JumanppKwargs        any          `json:"jumanpp_kwargs"`
	SpmFile              *string      `json:"spm_file"`

	UNK        specialToken   `json:"unk_token"`
	SEP        specialToken   `json:"sep_token"`
	PAD        specialToken   `json:"pad_token"`
	CLS        specialToken   `json:"cls_token"`
	MASK       specialToken   `json:"mask_token"`
	BOS        specialToken   `json:"bos_token"`
	EOS        specialToken   `json:"eos_token"`
	Additional []specialToken `json:"additional_special_tokens"`
}

// modelConfig is the part of config.json that picks the class.
type modelConfig struct {
	Class     string `json:"tokenizer_class"`
	ModelType string `json:"model_type"`
}

// readJSON decodes dir/name into v; found is false when the file is absent.
func readJSON(dir, name string, v any) (found bool, err error) {
	b, found, err := readSmall(dir, name)
	if !found || err != nil {
		return found, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("%w: %s: %w", ErrConfig, filepath.Join(dir, name), err)
	}
	return true, nil
}

// readSmall reads dir/name, a regular file of at most maxConfigBytes (a
// named pipe would hang); found is false when the file is absent.
func readSmall(dir, name string) (b []byte, found bool, err error) {
	b, err = regfile.ReadFile(filepath.Join(dir, name), maxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, true, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return b, true, nil
}

// readConfig reads the three files as transformers' AutoTokenizer does:
// tokenizer_config.json, then special_tokens_map.json's tokens over it,
// and the class from config.json when tokenizer_config.json names none
// (class, when not empty, stands for config.json's).
func readConfig(dir string, class ...string) (*Config, error) {
	var c Config
	if _, err := readJSON(dir, ConfigFile, &c); err != nil {
		return nil, err
	}
	var sm struct {
		UNK        *specialToken   `json:"unk_token"`
		SEP        *specialToken   `json:"sep_token"`
		PAD        *specialToken   `json:"pad_token"`
		CLS        *specialToken   `json:"cls_token"`
		MASK       *specialToken   `json:"mask_token"`
		BOS        *specialToken   `json:"bos_token"`
		EOS        *specialToken   `json:"eos_token"`
		Additional *[]specialToken `json:"additional_special_tokens"`
	}
	if _, err := readJSON(dir, SpecialTokensFile, &sm); err != nil {
		return nil, err
	}
	for _, p := range []struct{ dst, src *specialToken }{
		{&c.UNK, sm.UNK}, {&c.SEP, sm.SEP}, {&c.PAD, sm.PAD}, {&c.CLS, sm.CLS},
		{&c.MASK, sm.MASK}, {&c.BOS, sm.BOS}, {&c.EOS, sm.EOS},
	} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	if sm.Additional != nil {
		c.Additional = *sm.Additional
	}
	if c.Class == "" && len(class) > 0 && class[0] != "" {
		c.Class = class[0]
	}
	if c.Class == "" {
		var mc modelConfig
		if _, err := readJSON(dir, ModelConfigFile, &mc); err != nil {
			return nil, err
		}
		c.Class = mc.Class
		if c.Class == "" {
			switch mc.ModelType {
			case "", "bert":
				c.Class = classBert
			default:
				return nil, fmt.Errorf("%w: model_type %q in %s (bertvec reads BERT WordPiece tokenizers)", ErrUnsupported, mc.ModelType, ModelConfigFile)
			}
		}
	}
	var added map[string]int
	if _, err := readJSON(dir, addedTokensFile, &added); err != nil {
		return nil, err
	}
	if len(added) > 0 {
		return nil, fmt.Errorf("%w: %s (%d added tokens)", ErrUnsupported, addedTokensFile, len(added))
	}
	return &c, nil
}
