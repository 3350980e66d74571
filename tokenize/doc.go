// Package tokenize splits text into a BERT checkpoint's tokens exactly as
// its Hugging Face transformers tokenizer (the Python "slow" classes of
// transformers 4.26.1) does: same tokens, same ids, for the conformance
// sets in testdata/conformance (100%, see conformance_test.go).
//
// What Load reads, as AutoTokenizer.from_pretrained does:
//   - tokenizer_config.json (settings), then special_tokens_map.json's
//     tokens over it; the class from tokenizer_config.json, else
//     config.json's tokenizer_class (the cl-tohoku checkpoints name
//     BertJapaneseTokenizer only there), else model_type bert means
//     BertTokenizer. BertTokenizerFast is read as BertTokenizer: bertvec
//     implements the slow tokenizer's definition, which is the reference.
//   - vocab.txt (package vocab). Nothing else: no weights.
//   - Unsupported settings are one error wrapping ErrUnsupported that names
//     the setting: sudachi, jumanpp, sentencepiece, a tokenizer.json-only
//     model, another tokenizer class, a non-empty added_tokens.json.
//
// The pipeline (PreTrainedTokenizer.tokenize, then the class's _tokenize):
//  1. Text must be UTF-8 (else ErrInput; Python could not hold it either).
//  2. do_lower_case: lower-case one character at a time outside special
//     tokens (the base class's regex), Python's str.lower (İ → i̇).
//  3. Cut the text at special tokens ([CLS], [MASK]…, leftmost, longest
//     at a position); a special token is one word and one token, and eats
//     the white space around it (AddedToken lstrip/rstrip when given).
//  4. Word tokenizer, per piece between special tokens:
//     - BertTokenizer's BasicTokenizer: drop NUL, U+FFFD and category C*
//     characters (Cn and Co too, as Python's unicodedata says), white
//     space becomes a space; space out CJK ideographs
//     (tokenize_chinese_chars); split on Python white space; per word,
//     lower-case and strip accents (NFD, drop Mn; strip_accents follows
//     do_lower_case when unset); split off each punctuation character
//     (ASCII symbols and P*). never_split words are kept as they are.
//     No NFC step: that came with transformers 4.29.
//     - BertJapaneseTokenizer: mecab (NFKC when normalize_text, then the
//     surfaces of real MeCab's best path, lower-cased when
//     do_lower_case), basic (BasicTokenizer without CJK spacing) or
//     whitespace (do_word_tokenize false; transformers' own name for
//     this is do_word_tokenize: false, bertvec also accepts
//     word_tokenizer_type "whitespace").
//  5. Subword: WordPiece (vocab.Pieces: greedy longest match, "##"
//     continuation, more than 100 characters or no full cover → [UNK]),
//     or character (NFKC, then each character or [UNK]).
//
// Unicode tables are Go's (Unicode 15); Python's unicodedata may be older,
// so a character assigned in between can differ (Cn is dropped by
// transformers). Go's tables are used for every class above.
//
// Speed: the word and subword steps allocate one string per text plus the
// token slice; WordPiece looks substrings up without allocating. MeCab is
// the Japanese cost (see package mecab). `make bench` reports MB/s per core.
//
// A Tokenizer is safe for concurrent use; with MeCab it holds a C model,
// freed by Close.
package tokenize
