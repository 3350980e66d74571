package mapview

import (
	"fmt"
	"os"
	"strings"

	"github.com/bertvec/bertvec/vecdir"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// FontCandidate is a Japanese-capable system font and the Debian package
// that installs it.
type FontCandidate struct {
	Path    string
	Package string
}

// FontCandidates are searched in order by FindFont.
var FontCandidates = []FontCandidate{
	{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"},
	{"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "fonts-ipafont-gothic"},
	{"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", "fonts-ipaexfont-gothic"},
	{"/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf", "fonts-takao-gothic"},
	{"/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", "any Japanese gothic font"},
}

// FindFont returns the first candidate that exists, or ErrNoFont naming
// the package to install.
func FindFont(candidates []FontCandidate) (string, error) {
	var tried []string
	for _, c := range candidates {
		if fi, err := os.Stat(c.Path); err == nil && !fi.IsDir() {
			return c.Path, nil
		}
		tried = append(tried, c.Path)
	}
	return "", fmt.Errorf("%w (looked for %s): install one with `apt-get install fonts-noto-cjk`, or pass a font file",
		ErrNoFont, strings.Join(tried, ", "))
}

// MaxFontSize bounds a font file LoadFace reads: the largest CJK
// collections are about 120 MB, and a path such as /dev/zero must not be
// read until memory runs out.
const MaxFontSize = 256 << 20

// LoadFace opens a TrueType/OpenType font or collection at size pixels.
// From a collection (.ttc) it takes the Japanese face ("… JP"), else the
// first.
func LoadFace(path string, size float64) (font.Face, error) {
	raw, err := vecdir.ReadRegular(path, MaxFontSize)
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	coll, err := opentype.ParseCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	f, err := pickFace(coll)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return face, nil
}

func pickFace(coll *opentype.Collection) (*opentype.Font, error) {
	var buf sfnt.Buffer
	for i := range coll.NumFonts() {
		f, err := coll.Font(i)
		if err != nil {
			return nil, err
		}
		name, err := f.Name(&buf, sfnt.NameIDFamily)
		if err == nil && strings.HasSuffix(name, " JP") && !strings.Contains(name, "Mono") {
			return f, nil
		}
	}
	return coll.Font(0)
}
