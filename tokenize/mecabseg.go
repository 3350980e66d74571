package tokenize

import "github.com/bertvec/bertvec/mecab"

// newMecab is MecabTokenizer's constructor: the dictionary mecab_dic names
// (none when null: mecab_option must then say -d), then mecab_option.
func newMecab(kw MecabKwargs) (Segmenter, error) {
	var d mecab.Dict
	if kw.Dic != nil {
		var err error
		if d, err = mecab.FindDict(*kw.Dic); err != nil {
			return nil, err
		}
	}
	tg, err := mecab.New(d, kw.Option)
	if err != nil {
		return nil, err
	}
	return tg, nil
}
