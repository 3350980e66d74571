// Package vecdir is the vectors directory: the directory `bertvec extract`
// writes and search, map, serve and merge read. It owns the file names,
// the kinds of vectors, the meta.json schema and the way to open them, so
// that the writer and its readers cannot drift apart.
//
// # Layout
//
// A finished vectors directory holds
//
//   - vocab.txt (VocabFile): line i is the token of id i;
//   - <kind>.npy per kind (Kind.File): a .npy v1.0 file, shape [V, H],
//     dtype '<f4', C order, row i the vector of id i;
//   - optional companions of a kind, <kind>_<part>.npy (Kind.AuxFile),
//     such as context_count.npy; and <kind>.w2v.txt / .w2v.bin for the
//     word2vec format;
//   - meta.json (MetaFile, type Meta), written last: a directory with
//     meta.json and no extract state file is complete. Readers take file
//     names from meta.json, never guess them; a directory without one
//     (made by hand) uses the standard names.
//
// # Kinds
//
// Kind is a small comparable value. Static, Dynamic and Context are the
// three families; ContextLayer(l) is the context vectors of
// hidden_states[l] for runs that write several layers. A kind's name is
// the stem of its files, and it has exactly one spelling:
//
//	static  dynamic  context  context_L4
//
// ParseKind accepts exactly what String returns, so names round-trip and
// no two spellings name one file. Kinds sort canonically (Compare):
// static, dynamic, context, then the layers in order.
//
// # Hostile directories
//
// A vectors directory may come from someone else. Every file is opened
// with OpenFile/OpenRegular: no final symbolic link is followed, a named
// pipe never blocks, and anything but a regular file is refused with
// ErrNotRegular. meta.json is read with a size bound (MaxMetaSize), and
// every file name it gives must be a plain name inside the directory.
//
// # Writing
//
// The writer side (the lifecycle of an output directory from lock to
// meta.json: identity, resume, partial files, publishing by rename) is
// one type in package pipeline, behind Extract and the context kinds'
// shards and merge; it writes these names and this schema, and opens every
// file with OpenFile. Verify checks a finished directory against the
// sha256s meta.json recorded.
package vecdir
