package mecab

// MaxBytes bounds the text of one Segment call. MeCab's lattice holds
// every dictionary match at every position, about 250 bytes per input byte
// of Japanese (Botchan, 312 KB: 95 MB), so a 10 MB line would take
// gigabytes; a longer piece is an error wrapping ErrInput, and the tokenizer hands
// MeCab one text (a sentence, a line) at a time.
const MaxBytes = 1 << 20
