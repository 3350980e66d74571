// Package bundled carries the default model inside the binary: the tiny
// random-weight Japanese BERT of testdata/tiny-bert-ja (safetensors only),
// so that `bertvec extract` works with no download. Its weights are random:
// it shows the mechanics, not what BERT has learned. Dir unpacks it into
// one fixed cache directory that commands load from.
package bundled
