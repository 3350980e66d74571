//go:build !cgo || nomecab

package tokenize

import (
	"errors"
	"testing"

	"github.com/bertvec/bertvec/mecab"
)

// Without MeCab (CGO_ENABLED=0 or -tags nomecab) the MeCab reference set
// cannot run; the cgo build (make test-cgo) runs it. What this build must
// do instead is refuse a MeCab tokenizer with the helpful error.
const haveMecab = false

func TestMecabDisabled(t *testing.T) {
	h, _ := readRef(t, "ja-mecab-wordpiece.jsonl")
	_, err := Load(modelDir(t, h))
	if !errors.Is(err, mecab.ErrDisabled) {
		t.Fatalf("Load of a MeCab tokenizer without MeCab: %v, want mecab.ErrDisabled", err)
	}
}
