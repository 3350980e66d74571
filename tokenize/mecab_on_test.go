//go:build cgo && !nomecab

package tokenize

// With MeCab built in, every reference set runs, the MeCab one included.
const haveMecab = true
