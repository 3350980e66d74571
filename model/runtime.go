package model

import "errors"

// Errors of the runtime and the encoder. Each is wrapped with context.
var (
	// ErrNoLibtorch: this binary was built without libtorch (CGO_ENABLED=0
	// or the nolibtorch tag); only the pure-Go commands work.
	ErrNoLibtorch = errors.New("bertvec was built without libtorch: run `make build` (it installs libtorch-dev and builds with cgo)")
	// ErrNoCUDA: a CUDA device was asked for and is not there.
	ErrNoCUDA = errors.New("CUDA not available")
	// ErrLayer: a layer outside 0..N.
	ErrLayer = errors.New("layer out of range")
	// ErrInput: a bad batch (empty, ids outside the vocabulary, ragged).
	ErrInput = errors.New("bad input")
	// ErrClosed: the encoder was closed.
	ErrClosed = errors.New("encoder is closed")
	// ErrThreads: a thread count below 1.
	ErrThreads = errors.New("bad thread count")
)

// GPU is one CUDA device as doctor reports it.
type GPU struct {
	Index    int
	Name     string
	MemoryMB int
}

// RuntimeInfo is what doctor reports about the libtorch this binary runs on.
type RuntimeInfo struct {
	Libtorch       bool   // false when built without libtorch
	Version        string // libtorch version the gotch copy was built for
	CUDABuild      bool   // linked against libtorch_cuda
	CUDAAvailable  bool
	CUDADevices    int
	IntraOpThreads int
	InterOpThreads int
	BLAS           string // path of the BLAS library mapped into the process
	BLASKind       BLASKind
	BLASThreads    int // OpenBLAS's own threads; 0 when not OpenBLAS
	BLASConfig     string
}

// BLASKind names the BLAS implementation libtorch's CPU matmuls end in.
type BLASKind string

const (
	BLASOpenBLAS  BLASKind = "openblas"
	BLASReference BLASKind = "reference"
	BLASMKL       BLASKind = "mkl"
	BLASBLIS      BLASKind = "blis"
	BLASUnknown   BLASKind = "unknown"
)
