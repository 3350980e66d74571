// Package safetensors reads and writes the safetensors format in pure Go.
//
// A file is an 8-byte little-endian header length n, n bytes of JSON, then
// the data area. The JSON maps each tensor name to its dtype, shape and
// [begin, end) byte offsets into the data area, plus an optional
// "__metadata__" object of strings. Tensor data is little-endian, row-major.
//
// The reader is as strict as the reference implementation (huggingface/
// safetensors): the header must start with '{', be at most 100 MB and fit
// in the file; names must be unique; every tensor's byte length must equal
// its element count times the dtype size; and the tensors, sorted by
// offset, must tile the data area exactly, with no gap, overlap or trailing
// byte. A file that passes Open can therefore be read without further
// bounds checks.
//
// Open maps the file read-only (mmap), so reading a tensor touches only its
// pages and peak memory stays near the file size even while the caller
// converts tensors one at a time. Float32 converts F32, F16 and BF16 to
// float32 exactly; Int64 reads I64 (BERT's position_ids buffer). Other
// dtypes are understood by the header parser but not converted.
//
// Write produces files the reference reader accepts: header padded with
// spaces to a multiple of 8 bytes, tensors in the order given. It writes a
// temporary file and renames it, so the file appears complete or not at all.
package safetensors
