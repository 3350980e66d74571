package mecab

import (
	"slices"
	"strings"
	"testing"
)

// FuzzSplitArgs: mecab_option comes from a stranger's
// tokenizer_config.json. Whatever it holds is split or refused without a
// panic, its file options are found without one, and what splits survives
// shlex.quote: each argument quoted as Python quotes it and joined by
// spaces splits back into the same list.
func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		`-d /var/lib/mecab/dic/ipadic-utf8`,
		`-r "/etc/mecab rc" -u'a b.dic'`,
		`--dicdir=\ x "a\"b\\c\$" 'it'\''s'`,
		`"unclosed`, `'unclosed`, `trailing\`, "tab\tnew\nline", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args, err := splitArgs(s)
		if err != nil {
			return
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'"'"'`) + "'"
		}
		if opts, err := fileOptions(args); err == nil {
			for _, o := range opts {
				if o.name != "-d" && o.name != "-u" && o.name != "-r" {
					t.Fatalf("fileOptions(%q): option %q", args, o.name)
				}
			}
		}
		again, err := splitArgs(strings.Join(quoted, " "))
		if err != nil || !slices.Equal(again, args) {
			t.Fatalf("splitArgs(%q) = %q; quoted and split again: %q, %v", s, args, again, err)
		}
	})
}
