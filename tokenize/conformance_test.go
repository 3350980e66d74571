package tokenize

import (
	"fmt"
	"testing"
)

// TestConformance: every line of transformers 4.26.1's output, token for
// token and id for id.
func TestConformance(t *testing.T) {
	names := []string{"ja-basic-wordpiece.jsonl", "en-basic-wordpiece.jsonl"}
	if haveMecab {
		names = append(names, "ja-mecab-wordpiece.jsonl")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			tk, lines := load(t, name)
			bad := 0
			for i, l := range lines {
				got, err := tk.Tokenize(l.Text)
				if err != nil {
					t.Fatalf("line %d: %v", i+2, err)
				}
				if d := diff(got, l); d != "" {
					if bad++; bad <= 5 {
						t.Errorf("line %d %q: %s", i+2, clip(l.Text), d)
					}
				}
			}
			t.Logf("%s: %d/%d lines agree (%s)", name, len(lines)-bad, len(lines), tk.Settings())
			if bad > 0 {
				t.Errorf("%d of %d lines differ", bad, len(lines))
			}
		})
	}
}

func diff(got []Token, want refLine) string {
	if len(want.Tokens) != len(want.IDs) {
		return "reference has unequal tokens and ids"
	}
	for i := 0; i < len(got) || i < len(want.Tokens); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("token %d: missing, want %q", i, want.Tokens[i])
		case i >= len(want.Tokens):
			return fmt.Sprintf("token %d: extra %q", i, got[i].Text)
		case got[i].Text != want.Tokens[i] || got[i].ID != want.IDs[i]:
			return fmt.Sprintf("token %d: %q/%d, want %q/%d (context %q)", i, got[i].Text, got[i].ID, want.Tokens[i], want.IDs[i], want.Tokens[max(0, i-3):min(len(want.Tokens), i+3)])
		}
	}
	return ""
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
