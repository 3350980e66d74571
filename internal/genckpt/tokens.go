package genckpt

import "fmt"

// realTokens are Japanese words and pieces put right after the specials,
// so that analogies such as 王 − 男 + 女 have tokens to run on.
var realTokens = []string{
	"王", "女", "男", "子", "女王", "王子", "王女", "国王", "王国", "姫", "父", "母", "兄", "姉", "弟", "妹",
	"夫", "妻", "息子", "娘", "少年", "少女", "男性", "女性", "人", "国", "日本", "東京", "京都", "大阪",
	"パリ", "フランス", "イギリス", "天皇", "皇帝", "神", "山", "川", "田", "島", "日", "月", "年",
	"の", "は", "が", "を", "に", "で", "と", "た", "し", "て", "、", "。",
	"##王", "##子", "##女", "##男", "##人", "##国", "##的", "##性", "##者", "##家",
}

// Tokens returns a vocabulary of n tokens: the five specials, as many real
// tokens as fit, then synthetic ones alternating between words and
// "##"-pieces. n must be at least 5.
func Tokens(n int) []string {
	toks := make([]string, 0, n)
	toks = append(toks, "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
	for _, t := range realTokens {
		if len(toks) == n {
			return toks
		}
		toks = append(toks, t)
	}
	for i := 0; len(toks) < n; i++ {
		if i%2 == 0 {
			toks = append(toks, fmt.Sprintf("w%d", i/2))
		} else {
			toks = append(toks, fmt.Sprintf("##w%d", i/2))
		}
	}
	return toks
}
