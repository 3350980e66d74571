// Package vecdir names the parts of a vectors directory: the directory
// `bertvec extract` writes and search and map read.
//
// A vectors directory holds VocabFile (line i is the token of id i), one
// <kind>.npy per extracted Kind ([V, H] float32, see internal/npy) and
// MetaFile, which describes the run. The names are a contract between the
// writer (pipeline) and the readers (search, cmd/bertvec map): they live
// here once so that the two sides cannot drift apart. pipeline and search
// re-export Kind and its values as aliases.
package vecdir
