// Package mecab is a small binding to libmecab, the C library of MeCab,
// the morphological analyser that BertJapaneseTokenizer runs (through
// fugashi) to split Japanese text into words before WordPiece.
//
// Design:
//   - Only what the tokenizer needs: a Tagger whose Segment returns the byte
//     span of every morpheme (surface) in the text, nothing of the features.
//   - One model per Tagger (mecab_model_new2: the dictionary, loaded once
//     and shared), and a tagger + lattice per concurrent call, kept in a
//     small free list. libmecab documents model-created taggers and
//     lattices as safe to use from one thread each while the model is
//     shared, so a Tagger is safe for concurrent use.
//   - The text is copied into C memory owned by the worker before MeCab
//     sees it, and the spans are written into a C array owned by the
//     worker: no Go pointer is ever kept by C, and a whole sentence costs
//     one cgo call.
//   - MeCab gets the arguments fugashi's GenericTagger gets from
//     transformers' MecabTokenizer: -d DICDIR -r RC and then the model's
//     mecab_option. RC is the dictionary's own mecabrc when it has one
//     (Python's ipadic and unidic_lite do), else an empty file, so that a
//     user's ~/.mecabrc or /etc/mecabrc never changes the tokenization.
//     The files mecab_option names (-d, -u, -r) are checked first: a
//     dictionary's magic number must match its size and its files be
//     regular files, since libmecab trusts a dictionary once opened.
//   - Dictionaries (dict.go, pure Go): ipadic is Debian's mecab-ipadic-utf8,
//     the same mecab-ipadic-2.7.0-20070801 release that Python's ipadic
//     package carries (or that package itself); unidic_lite and unidic
//     come from BERTVEC_MECAB_DICDIR or an installed Python package. A
//     dictionary that cannot be found is an error that says how to get
//     it: never a silent fall back to another dictionary. The connection
//     matrix's size tells ipadic (1316×1316) from the UniDic family, so a
//     BERTVEC_MECAB_DICDIR that holds ipadic is refused for unidic_lite.
//   - Bad input is an error, never a crash: invalid UTF-8, a NUL byte
//     (fugashi hands MeCab a C string, so transformers silently drops the
//     text after a NUL; bertvec refuses it instead), text longer than
//     MaxBytes (MeCab's lattice costs about 250 bytes per input byte), a missing
//     or corrupt dictionary (libmecab checks its files' magic and sizes
//     before use and reports what failed).
//
// Built without cgo, or with the nomecab build tag, the package keeps its
// API but New returns ErrDisabled, so pure-Go builds of bertvec still work
// for English models and say what to do for Japanese ones.
package mecab
