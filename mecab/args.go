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

// checkOptionFiles validates the files a mecab_option names before
// libmecab opens them: a tokenizer_config.json from a stranger must not
// point MeCab at a file that is not a dictionary (libmecab trusts a
// dictionary's contents once its magic number matches its size).
func checkOptionFiles(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		switch {
		case a == "-d" || a == "-u" || a == "-r": // not "-d=DIR", which MeCab reads as -d "=DIR"
			if i+1 >= len(args) {
				return fmt.Errorf("%w: mecab_option %s needs a path", ErrDict, a)
			}
			name, val = a, args[i+1]
			i++
		case len(a) > 2 && (a[:2] == "-d" || a[:2] == "-u" || a[:2] == "-r") && a[1] != '-':
			name, val = a[:2], a[2:]
		case (name == "--dicdir" || name == "--userdic" || name == "--rcfile") && hasVal:
		case name == "--dicdir" || name == "--userdic" || name == "--rcfile":
			if i+1 >= len(args) {
				return fmt.Errorf("%w: mecab_option %s needs a path", ErrDict, a)
			}
			val = args[i+1]
			i++
		default:
			continue
		}
		var err error
		switch name {
		case "-d", "--dicdir":
			_, err = checkDict("", val, "mecab_option")
		case "-u", "--userdic":
			for _, f := range strings.Split(val, ",") {
				if err = checkDicFile(f); err != nil {
					break
				}
			}
		default:
			if !isFile(val) {
				err = fmt.Errorf("%w: mecab_option rc file %s is not a regular file", ErrDict, val)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
