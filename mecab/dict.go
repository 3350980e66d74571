package mecab

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bertvec/bertvec/internal/env"
)

// Errors. Each wraps into a message that names the file or setting.
var (
	// ErrDisabled reports a bertvec built without MeCab (no cgo, or the
	// nomecab build tag).
	ErrDisabled = errors.New("mecab: this bertvec was built without MeCab (CGO_ENABLED=0 or -tags nomecab); rebuild with cgo and libmecab-dev (make build installs it)")
	// ErrNoDict reports a dictionary that is not installed.
	ErrNoDict = errors.New("mecab: dictionary not found")
	// ErrDict reports a dictionary that is there but unusable: corrupt,
	// another dictionary than the one asked for, or not UTF-8.
	ErrDict = errors.New("mecab: unusable dictionary")
	// ErrUnknownDict reports a mecab_dic name transformers does not know.
	ErrUnknownDict = errors.New("mecab: unknown mecab_dic")
	// ErrInput reports text MeCab must not see: invalid UTF-8, a NUL
	// byte, or more than MaxBytes.
	ErrInput = errors.New("mecab: bad input")
	// ErrClosed reports a call on a closed Tagger.
	ErrClosed = errors.New("mecab: tagger closed")
)

// Dictionary names, as transformers' mecab_kwargs.mecab_dic spells them.
const (
	IPADic     = "ipadic"
	UniDicLite = "unidic_lite"
	UniDic     = "unidic"
)

// ipadicMatrix is the connection matrix size of mecab-ipadic (left and
// right context ids); the UniDic family has other sizes. It is how a
// dictionary directory is told apart without trusting its name.
const ipadicMatrix = 1316

// Dict is a dictionary directory found on this machine.
type Dict struct {
	Name string // IPADic, UniDicLite or UniDic
	Dir  string // holds sys.dic, unk.dic, matrix.bin, char.bin, dicrc
	RC   string // the dictionary's own mecabrc, "" when it has none
	From string // where it was found, for doctor and errors
	// Charset, LSize and RSize come from sys.dic's header.
	Charset      string
	LSize, RSize int
}

// searchPath lists the places a dictionary is looked for after
// BERTVEC_MECAB_DICDIR, in order. Globs are expanded and sorted.
func searchPath(name string) []struct{ glob, from string } {
	type p = struct{ glob, from string }
	var ps []p
	if name == IPADic {
		ps = append(ps,
			p{"/var/lib/mecab/dic/ipadic-utf8", "Debian mecab-ipadic-utf8"},
			p{"/usr/lib/x86_64-linux-gnu/mecab/dic/ipadic-utf8", "Debian mecab-ipadic-utf8"},
			p{"/usr/lib/aarch64-linux-gnu/mecab/dic/ipadic-utf8", "Debian mecab-ipadic-utf8"},
			p{"/usr/lib/mecab/dic/ipadic-utf8", "mecab-ipadic-utf8"},
		)
	}
	// Python packages: ipadic, unidic_lite and unidic all keep the
	// compiled dictionary in <package>/dicdir.
	home, _ := os.UserHomeDir()
	for _, site := range []string{
		"/usr/lib/python3/dist-packages",
		"/usr/local/lib/python3*/dist-packages",
		"/usr/local/lib/python3*/site-packages",
		"/usr/lib/python3*/site-packages",
		filepath.Join(home, ".local/lib/python3*/site-packages"),
		filepath.Join(home, ".pyenv/versions/*/lib/python3*/site-packages"),
	} {
		if home == "" && strings.HasPrefix(site, "/.") {
			continue
		}
		ps = append(ps, p{filepath.Join(site, name, "dicdir"), "Python " + name + " package"})
	}
	return ps
}

// howToGet says how to install a dictionary that was not found.
func howToGet(name string) string {
	switch name {
	case IPADic:
		return "install Debian's mecab-ipadic-utf8 (apt-get install mecab-ipadic-utf8; make build does it) or Python's ipadic package (pip install ipadic)"
	case UniDicLite:
		return "Debian has no UniDic 2.1.2: run `pip install unidic-lite` (bertvec finds the package), or set " + env.MecabDicDir.Name + " to its dicdir (python3 -c 'import unidic_lite; print(unidic_lite.DICDIR)')"
	default:
		return "run `pip install unidic && python3 -m unidic download`, or set " + env.MecabDicDir.Name + " to a UniDic directory"
	}
}

// FindDict finds the named dictionary. For unidic_lite and unidic,
// BERTVEC_MECAB_DICDIR when set (it must then hold a UniDic-family
// dictionary: no fall back); otherwise, and always for ipadic, the search
// path: Debian's mecab-ipadic-utf8, then Python packages.
func FindDict(name string) (Dict, error) {
	switch name {
	case IPADic, UniDicLite, UniDic:
	default:
		return Dict{}, fmt.Errorf("%w %q (transformers knows ipadic, unidic_lite and unidic)", ErrUnknownDict, name)
	}
	if dir := env.MecabDicDir.String(""); dir != "" && name != IPADic {
		return checkDict(name, dir, env.MecabDicDir.Name)
	}
	var tried []string
	for _, p := range searchPath(name) {
		dirs, _ := filepath.Glob(p.glob)
		sort.Strings(dirs)
		for _, dir := range dirs {
			if _, err := os.Stat(filepath.Join(dir, "sys.dic")); err != nil {
				continue
			}
			return checkDict(name, dir, p.from)
		}
		tried = append(tried, p.glob)
	}
	return Dict{}, fmt.Errorf("%w: %s is not installed (looked in %s); %s", ErrNoDict, name, strings.Join(tried, ", "), howToGet(name))
}

// checkDict validates dir as the named dictionary from its files' headers.
func checkDict(name, dir, from string) (Dict, error) {
	d := Dict{Name: name, Dir: dir, From: from}
	for _, f := range []string{"sys.dic", "unk.dic", "matrix.bin", "char.bin", "dicrc"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			return d, fmt.Errorf("%w: %s (from %s) has no %s: %w; %s", ErrDict, dir, from, f, err, howToGet(name))
		}
		if !st.Mode().IsRegular() {
			return d, fmt.Errorf("%w: %s is not a regular file", ErrDict, filepath.Join(dir, f))
		}
	}
	if err := readHeader(&d); err != nil {
		return d, err
	}
	if !strings.EqualFold(strings.ReplaceAll(d.Charset, "-", ""), "utf8") {
		return d, fmt.Errorf("%w: %s is a %s dictionary; bertvec needs UTF-8 (Debian: mecab-ipadic-utf8)", ErrDict, dir, d.Charset)
	}
	isIPA := d.LSize == ipadicMatrix && d.RSize == ipadicMatrix
	if name != "" && isIPA != (name == IPADic) { // "": a dictionary mecab_option names
		return d, fmt.Errorf("%w: %s (from %s) has a %d×%d connection matrix, which is not %s; %s", ErrDict, dir, from, d.LSize, d.RSize, name, howToGet(name))
	}
	if rc := filepath.Join(dir, "mecabrc"); isFile(rc) {
		d.RC = rc
	}
	return d, nil
}

// checkDicFile checks a compiled dictionary file (a user dictionary): its
// magic number must match its size, as libmecab checks, and it must be a
// regular file.
func checkDicFile(path string) error {
	if !isFile(path) {
		return fmt.Errorf("%w: %s is not a regular file", ErrDict, path)
	}
	d := Dict{Dir: filepath.Dir(path)}
	return readHeaderFile(&d, path)
}

// readHeader reads sys.dic's header as libmecab's Dictionary::open does:
// magic, version, type, lexsize, lsize, rsize, dsize, tsize, fsize, dummy
// (uint32 each), then a 32-byte charset.
func readHeader(d *Dict) error {
	return readHeaderFile(d, filepath.Join(d.Dir, "sys.dic"))
}

func readHeaderFile(d *Dict, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDict, err)
	}
	defer f.Close()
	var h [72]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return fmt.Errorf("%w: %s: header: %w", ErrDict, path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDict, err)
	}
	const magicID = 0xef718f77 // libmecab's DictionaryMagicID
	u := func(i int) uint32 { return binary.LittleEndian.Uint32(h[4*i:]) }
	if int64(u(0)^magicID) != st.Size() {
		return fmt.Errorf("%w: %s is broken (its magic number does not match its size)", ErrDict, path)
	}
	d.LSize, d.RSize = int(u(4)), int(u(5))
	cs := h[40:72]
	if i := bytes.IndexByte(cs, 0); i >= 0 {
		cs = cs[:i]
	}
	d.Charset = string(cs)
	return nil
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// Finding is one line of doctor's report.
type Finding struct {
	Name, Value string
	OK          bool
	Remedy      string
}

// Report says which MeCab this binary links and which dictionaries it
// finds, for `bertvec doctor`. ipadic and MeCab itself are needed for the
// cl-tohoku models; unidic_lite and unidic only for models that name them,
// so their absence is reported but not flagged.
func Report() []Finding {
	var fs []Finding
	v, err := Version()
	if err != nil {
		fs = append(fs, Finding{Name: "mecab", Value: "not available", Remedy: err.Error()})
	} else {
		fs = append(fs, Finding{Name: "mecab", Value: "libmecab " + v, OK: true})
	}
	for _, name := range []string{IPADic, UniDicLite, UniDic} {
		d, err := FindDict(name)
		f := Finding{Name: name}
		switch {
		case err == nil:
			f.Value, f.OK = fmt.Sprintf("%s (%s)", d.Dir, d.From), true
		case errors.Is(err, ErrNoDict) && name != IPADic:
			f.Value, f.OK = "not installed (only models that name it need it)", true
			f.Remedy = howToGet(name)
		default:
			f.Value, f.Remedy = "unusable", err.Error()
		}
		fs = append(fs, f)
	}
	return fs
}
