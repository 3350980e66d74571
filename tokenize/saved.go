package tokenize

import "fmt"

// SavedFiles are the tokenizer files `bertvec extract` copies into a
// vectors directory, so that queries tokenize as the model does.
var SavedFiles = []string{ConfigFile, SpecialTokensFile}

// Saved is what a vectors directory keeps of a checkpoint's tokenizer.
type Saved struct {
	// Class is the tokenizer class, resolved as Load resolves it (it may
	// come from config.json, which the vectors directory does not keep).
	Class string
	// Files maps each of SavedFiles the checkpoint has to its content.
	Files map[string][]byte
}

// ReadSaved reads dir's tokenizer settings for a vectors directory. It
// checks that they parse and name a supported class, but builds nothing,
// so it works without MeCab.
func ReadSaved(dir string) (*Saved, error) {
	c, err := readConfig(dir)
	if err != nil {
		return nil, err
	}
	switch c.Class {
	case classBert, classBertFast, classJapanese:
	default:
		return nil, fmt.Errorf("%w: tokenizer_class %q", ErrUnsupported, c.Class)
	}
	s := &Saved{Class: c.Class, Files: map[string][]byte{}}
	for _, name := range SavedFiles {
		b, found, err := readSmall(dir, name)
		if err != nil {
			return nil, err
		}
		if found {
			s.Files[name] = b // readConfig has checked the JSON
		}
	}
	return s, nil
}

// WithClass is the class to use when tokenizer_config.json names none: a
// vectors directory keeps it in meta.json, not in a config.json.
func WithClass(class string) Option {
	return func(o *loadOptions) { o.class = class }
}
