//go:build cgo && !nomecab

package mecab

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// newIPA needs Debian's mecab-ipadic-utf8 (make deps installs it): without
// it the test fails, it does not skip.
func newIPA(t testing.TB) *Tagger {
	t.Helper()
	d, err := FindDict(IPADic)
	if err != nil {
		t.Fatalf("FindDict(ipadic): %v", err)
	}
	tg, err := New(d, "")
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

func surfaces(t testing.TB, tg *Tagger, s string) []string {
	t.Helper()
	sp, err := tg.Segment(nil, s)
	if err != nil {
		t.Fatalf("Segment(%q): %v", s, err)
	}
	var out []string
	for i := 0; i < len(sp); i += 2 {
		out = append(out, s[sp[i]:sp[i+1]])
	}
	return out
}

func TestSegment(t *testing.T) {
	tg := newIPA(t)
	for _, tt := range []struct {
		in   string
		want []string
	}{
		// The example, and mecab(1)'s output for the others.
		{"女王様と王子様", []string{"女王", "様", "と", "王子", "様"}},
		{"吾輩は猫である。", []string{"吾輩", "は", "猫", "で", "ある", "。"}},
		{"  東京  タワー ", []string{"東京", "タワー"}}, // spaces belong to no morpheme
		{"", nil},
	} {
		if got := surfaces(t, tg, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Segment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSegmentConcurrent(t *testing.T) {
	tg := newIPA(t)
	texts := []string{"女王様と王子様", "親譲りの無鉄砲で小供の時から損ばかりしている。", "吾輩は猫である。名前はまだ無い。"}
	want := make([][]string, len(texts))
	for i, s := range texts {
		want[i] = surfaces(t, tg, s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 200; r++ {
				i := (g + r) % len(texts)
				sp, err := tg.Segment(nil, texts[i])
				if err != nil {
					errs <- err.Error()
					return
				}
				var got []string
				for k := 0; k < len(sp); k += 2 {
					got = append(got, texts[i][sp[k]:sp[k+1]])
				}
				if !reflect.DeepEqual(got, want[i]) {
					errs <- "concurrent result differs for " + texts[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSegmentBadInput(t *testing.T) {
	tg := newIPA(t)
	for name, s := range map[string]string{
		"NUL":       "女王\x00様",
		"not UTF-8": "女王\xff様",
		"too long":  strings.Repeat("あ", MaxBytes/3+1),
	} {
		if _, err := tg.Segment(nil, s); !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v, want ErrInput", name, err)
		}
	}
	// The longest allowed piece works.
	if _, err := tg.Segment(nil, strings.Repeat("あ", MaxBytes/3)); err != nil {
		t.Errorf("MaxBytes of text: %v", err)
	}
}

func TestClosed(t *testing.T) {
	tg := newIPA(t)
	if err := tg.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.Segment(nil, "猫"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Segment after Close: %v, want ErrClosed", err)
	}
	if err := tg.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// copyDict copies the installed ipadic into a temporary directory.
func copyDict(t *testing.T) string {
	t.Helper()
	d, err := FindDict(IPADic)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"sys.dic", "unk.dic", "matrix.bin", "char.bin", "dicrc"} {
		b, err := os.ReadFile(filepath.Join(d.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCorruptDictionary(t *testing.T) {
	dir := copyDict(t)
	d, err := checkDict(IPADic, dir, "test copy")
	if err != nil {
		t.Fatalf("a good copy: %v", err)
	}
	// A truncated connection matrix: libmecab notices, no crash.
	if err := os.Truncate(filepath.Join(dir, "matrix.bin"), 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := New(d, ""); !errors.Is(err, ErrDict) {
		t.Errorf("truncated matrix.bin: err = %v, want ErrDict", err)
	}
	// A truncated sys.dic fails the header check before MeCab sees it.
	if err := os.Truncate(filepath.Join(dir, "sys.dic"), 4096); err != nil {
		t.Fatal(err)
	}
	if _, err := checkDict(IPADic, dir, "test copy"); !errors.Is(err, ErrDict) {
		t.Errorf("truncated sys.dic: err = %v, want ErrDict", err)
	}
	// A bad mecab_option is MeCab's error, not a crash.
	good, _ := FindDict(IPADic)
	if _, err := New(good, "--no-such-option"); !errors.Is(err, ErrDict) {
		t.Errorf("bad option: err = %v, want ErrDict", err)
	}
	if _, err := New(good, `-u "unclosed`); !errors.Is(err, ErrDict) {
		t.Errorf("bad quoting: err = %v, want ErrDict", err)
	}
}

func TestVersion(t *testing.T) {
	v, err := Version()
	if err != nil || !strings.HasPrefix(v, "0.99") {
		t.Fatalf("Version = %q, %v; want libmecab 0.99x", v, err)
	}
}
