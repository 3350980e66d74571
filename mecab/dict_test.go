package mecab

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFindDictIPADic(t *testing.T) {
	d, err := FindDict(IPADic)
	if err != nil {
		t.Fatalf("FindDict(ipadic) needs Debian's mecab-ipadic-utf8 (make deps): %v", err)
	}
	if d.LSize != ipadicMatrix || d.Charset != "UTF-8" {
		t.Errorf("ipadic header: %+v", d)
	}
}

func TestFindDictErrors(t *testing.T) {
	if _, err := FindDict("jumandic"); !errors.Is(err, ErrUnknownDict) {
		t.Errorf("unknown name: %v", err)
	}
	t.Setenv("BERTVEC_MECAB_DICDIR", filepath.Join(t.TempDir(), "none"))
	if _, err := FindDict(UniDicLite); !errors.Is(err, ErrDict) {
		t.Errorf("missing BERTVEC_MECAB_DICDIR: %v", err)
	}
	ipa, err := func() (Dict, error) {
		t.Setenv("BERTVEC_MECAB_DICDIR", "")
		return FindDict(IPADic)
	}()
	if err != nil {
		t.Fatal(err)
	}
	// ipadic where unidic_lite is asked for: refused, never used instead.
	t.Setenv("BERTVEC_MECAB_DICDIR", ipa.Dir)
	if _, err := FindDict(UniDicLite); !errors.Is(err, ErrDict) {
		t.Errorf("ipadic as unidic_lite: %v", err)
	}
	// A random file as sys.dic.
	dir := t.TempDir()
	for _, f := range []string{"sys.dic", "unk.dic", "matrix.bin", "char.bin", "dicrc"} {
		if err := os.WriteFile(filepath.Join(dir, f), make([]byte, 100), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("BERTVEC_MECAB_DICDIR", dir)
	if _, err := FindDict(UniDicLite); !errors.Is(err, ErrDict) {
		t.Errorf("zero sys.dic: %v", err)
	}
	// ipadic never comes from BERTVEC_MECAB_DICDIR.
	if d, err := FindDict(IPADic); err != nil || d.Dir == dir {
		t.Errorf("ipadic with BERTVEC_MECAB_DICDIR set: %+v, %v", d, err)
	}
}

func TestSplitArgs(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		bad  bool
	}{
		{in: "", want: nil},
		{in: `-d "/a b/dic" -r '/x y'`, want: []string{"-d", "/a b/dic", "-r", "/x y"}},
		{in: `-u a\ b  -N2`, want: []string{"-u", "a b", "-N2"}},
		{in: `"a\"b"`, want: []string{`a"b`}},
		{in: `"open`, bad: true},
		{in: `'open`, bad: true},
		{in: `x\`, bad: true},
	} {
		got, err := splitArgs(tt.in)
		if (err != nil) != tt.bad || !tt.bad && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestCheckOptionFiles(t *testing.T) {
	ipa, err := FindDict(IPADic)
	if err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(t.TempDir(), "user.dic")
	if err := os.WriteFile(junk, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"-N", "2"}, true},
		{[]string{"-d", ipa.Dir}, true},
		{[]string{"--dicdir=" + ipa.Dir}, true},
		{[]string{"-d" + ipa.Dir}, true},
		{[]string{"-d", t.TempDir()}, false},
		{[]string{"-u", junk}, false},
		{[]string{"--userdic", filepath.Join(ipa.Dir, "sys.dic")}, true}, // a real compiled dictionary
		{[]string{"-r", t.TempDir()}, false},
		{[]string{"-d"}, false},
		// MeCab reads -u=FILE as -u "=FILE": that is the path to check,
		// not the next argument.
		{[]string{"-u=" + junk, filepath.Join(ipa.Dir, "sys.dic")}, false},
		{[]string{"-d=" + ipa.Dir}, false},
	} {
		_, err := checkOptionFiles(tt.args)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrDict) {
			t.Errorf("checkOptionFiles(%q) = %v, want ok %v", tt.args, err, tt.ok)
		}
	}
}
