package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

func TestAnswerAll(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	opt := Options{K: 3, Metric: Cosine}
	texts := []string{"王-男+女", "王 +", "犬xyz", "女王国 - 男", "王 - 王"}
	got := s.AnswerAll(texts, opt)
	if len(got) != len(texts) {
		t.Fatalf("%d answers for %d texts", len(got), len(texts))
	}
	for i, wantErr := range []string{"", "dangling operator", "[UNK]", "", "zero"} {
		a := got[i]
		if a.Query != texts[i] {
			t.Errorf("answer %d is for %q, want %q", i, a.Query, texts[i])
		}
		if (wantErr == "") != (a.Error == "") || !strings.Contains(a.Error, wantErr) {
			t.Errorf("%q: error %q, want %q", texts[i], a.Error, wantErr)
		}
		if wantErr != "" {
			if a.Results != nil || a.Kind != "" || a.Metric != "" {
				t.Errorf("%q failed but carries %+v", texts[i], a)
			}
			continue
		}
		e, err := ParseExpression(texts[i])
		if err != nil {
			t.Fatal(err)
		}
		one, err := s.Analogy(e, opt)
		if err != nil {
			t.Fatal(err)
		}
		if want := NewQueryAnswer(texts[i], vecdir.Static, Cosine, one); !slices.Equal(a.Results, want.Results) ||
			a.Kind != "static" || a.Metric != "cosine" || !slices.Equal(a.Notes, one.Notes) {
			t.Errorf("%q: batch %+v, single %+v", texts[i], a, want)
		}
	}
	if len(got[3].Notes) == 0 {
		t.Error("女王国 (not a token) got no WordPiece note")
	}
}
