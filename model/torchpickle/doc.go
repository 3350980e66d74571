// Package torchpickle reads the state dicts that torch.save writes
// (pytorch_model.bin) in pure Go, treating the file as hostile.
//
// A torch.save file is a pickle program plus raw storage bytes: in the zip
// format (torch ≥ 1.6) the pickle is <archive>/data.pkl and each storage a
// record <archive>/data/<key>; in the legacy format five pickles (magic
// number, protocol version, sys_info, the object, the storage keys) are
// followed by each storage as an 8-byte element count and its bytes.
//
// torch.load runs the pickle: every GLOBAL names a Python callable that it
// imports and calls. This package never runs anything. Its unpickler is a
// small stack machine that knows the opcodes torch.save emits and accepts
// only the globals a state dict needs (see Allowed): the tensor rebuild
// functions, collections.OrderedDict and the storage types. Any other
// global is refused with ErrGlobal, since torch.load would have executed it.
//
// Every allocation is bounded by what the file can hold before it is made:
// a string or a frame by the bytes left in the pickle, a storage by its
// record (zip) or by the bytes left in the file (legacy), a tensor by its
// storage. Objects on the unpickler's stack cost a bounded number of bytes
// per input byte, so unpickling n bytes allocates O(n) (FuzzNewReader checks
// it). Open reads only the pickle and the storages' framing; tensor bytes
// are read by Float32, through a chunk buffer, so peak memory is the
// caller's buffer, not the checkpoint.
//
// Integrity: a zip record must be stored or DEFLATE-compressed (torch.load
// accepts both), its CRC-32 must match and its length must equal what the
// pickle declares; a legacy storage's count must match the pickle and its
// bytes must lie inside the file. Only little-endian storages are read.
package torchpickle
