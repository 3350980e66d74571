//go:build !cgo || nomecab

package mecab

import (
	"errors"
	"testing"
)

func TestDisabled(t *testing.T) {
	if _, err := New(Dict{}, ""); !errors.Is(err, ErrDisabled) {
		t.Fatalf("New = %v, want ErrDisabled", err)
	}
	if _, err := Version(); !errors.Is(err, ErrDisabled) {
		t.Fatalf("Version = %v", err)
	}
}
