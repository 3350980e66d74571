package mecab

import (
	"fmt"
	"strings"
)

// splitArgs splits an option string as Python's shlex.split does in POSIX
// mode, which is how fugashi turns transformers' mecab_option into argv:
// white space separates, '…' quotes literally, "…" quotes with \ escaping
// \ " $ ` and newline, and a bare \ escapes the next character.
func splitArgs(s string) ([]string, error) {
	var (
		args   []string
		cur    strings.Builder
		inWord bool
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				args, inWord = append(args, cur.String()), false
				cur.Reset()
			}
		case c == '\\':
			if i+1 >= len(rs) {
				return nil, fmt.Errorf("mecab_option %q: no escaped character", s)
			}
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case c == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("mecab_option %q: no closing quotation", s)
			}
			cur.WriteString(string(rs[i+1 : j]))
			i, inWord = j, true
		case c == '"':
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\\\"$`\n", rs[j+1]) {
					j++
				}
				cur.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("mecab_option %q: no closing quotation", s)
			}
			i, inWord = j, true
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
