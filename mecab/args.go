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

// fileOption is an option of mecab_option that names files: its short
// name (-d, -u or -r) and its value.
type fileOption struct{ name, val string }

var longNames = map[string]string{"--dicdir": "-d", "--userdic": "-u", "--rcfile": "-r"}

// fileOptions returns the options in args that name files, in every
// spelling MeCab's Param::open accepts: -d DIR, -dDIR, --dicdir DIR and
// --dicdir=DIR (and the same for -u and -r). "-d=DIR" is -dDIR: MeCab
// takes "=DIR" for the directory.
func fileOptions(args []string) ([]fileOption, error) {
	var opts []fileOption
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		switch {
		case a == "-d" || a == "-u" || a == "-r":
			if i+1 >= len(args) {
				return nil, fmt.Errorf("%w: mecab_option %s needs a path", ErrDict, a)
			}
			name, val = a, args[i+1]
			i++
		case len(a) > 2 && (a[:2] == "-d" || a[:2] == "-u" || a[:2] == "-r"):
			name, val = a[:2], a[2:]
		case longNames[name] != "" && hasVal:
			name = longNames[name]
		case longNames[name] != "":
			if i+1 >= len(args) {
				return nil, fmt.Errorf("%w: mecab_option %s needs a path", ErrDict, a)
			}
			name, val = longNames[name], args[i+1]
			i++
		default:
			continue
		}
		opts = append(opts, fileOption{name, val})
	}
	return opts, nil
}

// checkOptionFiles validates the files a mecab_option names before
// libmecab opens them: a tokenizer_config.json from a stranger must not
// point MeCab at a file that is not a dictionary (libmecab trusts a
// dictionary's contents once its magic number matches its size). It
// returns the options it checked.
func checkOptionFiles(args []string) ([]fileOption, error) {
	opts, err := fileOptions(args)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		var err error
		switch o.name {
		case "-d":
			_, err = checkDict("", o.val, "mecab_option")
		case "-u":
			for _, f := range strings.Split(o.val, ",") {
				if err = checkDicFile(f); err != nil {
					break
				}
			}
		default:
			if !isFile(o.val) {
				err = fmt.Errorf("%w: mecab_option rc file %s is not a regular file", ErrDict, o.val)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return opts, nil
}
