package torchpickle

import "errors"

// Errors. Each returned error wraps one of these and says where (record,
// byte offset, tensor) and what was found.
var (
	// ErrCorrupt: the bytes are not a well-formed torch.save file.
	ErrCorrupt = errors.New("corrupt torch.save file")
	// ErrTruncated: the file ends before what it declares (a string, a
	// frame, a storage's bytes) or a record is shorter than its storage.
	ErrTruncated = errors.New("truncated torch.save file")
	// ErrGlobal: the pickle names a Python callable outside Allowed; torch.load
	// would import and run it.
	ErrGlobal = errors.New("pickle refers to a Python callable that is not allowed")
	// ErrChecksum: a zip record's CRC-32 does not match its bytes.
	ErrChecksum = errors.New("zip record checksum mismatch")
	// ErrNotStateDict: the pickled object is not a dict of tensors.
	ErrNotStateDict = errors.New("not a state dict")
	// ErrUnsupported: valid for torch, but not read here (big-endian
	// storages, storage views, other zip compression, integer tensors as
	// float32).
	ErrUnsupported = errors.New("unsupported torch.save feature")
	// ErrTooLarge: a part exceeds a fixed bound (the pickle itself).
	ErrTooLarge = errors.New("too large")
)
