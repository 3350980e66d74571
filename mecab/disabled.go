//go:build !cgo || nomecab

package mecab

// Version reports that MeCab is not built in.
func Version() (string, error) { return "", ErrDisabled }

// Tagger is MeCab's tagger; in this build New always fails.
type Tagger struct{ dict Dict }

// New returns ErrDisabled: this build has no MeCab.
func New(d Dict, option string) (*Tagger, error) { return nil, ErrDisabled }

// Dict is the dictionary the Tagger was made with.
func (t *Tagger) Dict() Dict { return t.dict }

// Segment returns ErrDisabled.
func (t *Tagger) Segment(dst []int32, text string) ([]int32, error) { return dst, ErrDisabled }

// Close does nothing.
func (t *Tagger) Close() error { return nil }
