// Package vocab reads a BERT vocab.txt and splits single words into
// WordPiece ids.
//
// Conventions, all as Hugging Face's BertTokenizer does them:
//   - line i of vocab.txt is token id i; a trailing "\n" or "\r\n" ends a
//     line, and a final newline does not start an extra (empty) token;
//   - when a token appears on several lines, every line keeps its id (Len
//     and Token see them all) but ID returns the last one, like HF's
//     load_vocab, whose dict assignment lets the last line win;
//   - the special tokens are found by name: [PAD] [UNK] [CLS] [SEP] [MASK].
//     [UNK], [CLS] and [SEP] are required; a missing [PAD] or [MASK] is -1.
//
// WordPiece does no normalisation, lower-casing or word splitting: the
// Japanese models bertvec targets (cl-tohoku) split words with MeCab before
// WordPiece and do not lower-case, so the caller passes one word as it is.
package vocab
