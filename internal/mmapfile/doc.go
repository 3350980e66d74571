// Package mmapfile maps a file read-only into memory, for the readers of
// large outputs (internal/npy, model/safetensors) that touch only the bytes
// they use.
//
// On unix the bytes are a shared read-only mapping: writing to them faults,
// and the file must not be truncated while mapped. Elsewhere the file is
// read into memory instead, so callers see the same bytes either way. In
// both cases the returned unmap function releases the bytes; they must not
// be used after it is called.
package mmapfile
