package search

import (
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

// gensim's questions-words format has no comments: a question whose first
// word is a WordPiece piece (##ラ) is counted, not dropped.
func TestEvalKeepsHashLines(t *testing.T) {
	toks := append(synthTokens(5), "##ラ", "##イ", "王", "女王", "男", "女")
	data := make([]float32, len(toks)*2)
	for i := range data {
		data[i] = float32(i%7) + 1
	}
	s, err := Open(writeVectors(t, toks, 2, map[vecdir.Kind][]float32{vecdir.Static: data}), vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.Eval(strings.NewReader(": pieces\n##ラ ##イ 王 女王\n# x y z\n男 女 王 女王\n"), Add)
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Overall
	if o.Total+o.Skipped != 3 || o.Total != 2 {
		t.Errorf("overall %+v: want 3 questions, 2 answered (the ##ラ line included) and \"# x y z\" skipped", o)
	}
}
