// Command gotchprep prepares github.com/sugarme/gotch for the libtorch on
// this machine, so that `go build` of bertvec's model package links.
//
// Why: gotch v0.9.1 is generated for libtorch 2.1.0, and its libtch/lib.go
// links the CUDA libraries unconditionally and compiles with the pre-C++11
// ABI. Debian bookworm ships libtorch 1.13.1, CPU only, built with the
// C++11 ABI, and about a hundred of gotch's generated wrappers call ATen
// functions that 1.13 lacks or declares differently. The module cache is
// read-only, so gotchprep works on a copy:
//
//  1. it finds the gotch version in go.mod and its module cache directory
//     (go mod download -json);
//  2. it detects libtorch: $LIBTORCH (a directory with include/ and lib/,
//     like the official archive) or Debian's libtorch-dev under /usr; reads
//     the version from torch/version.h; CUDA when lib/libtorch_cuda.so
//     exists (-cuda auto|on|off); the C++ ABI from TorchConfig.cmake, else
//     from std::__cxx11 symbols in libc10.so;
//  3. it copies gotch to build/gotch (leaving out example/ and gen/),
//     writes libtch/lib.go with cgo flags for that libtorch (CgoFlags),
//     and shrinks the 100 KB array every Go tensor handle points at to
//     nothing (lighten.go: the garbage cost 2-3% of an extraction);
//  4. it stubs the wrappers that do not compile: the committed list
//     stubs/libtorch-MAJOR.MINOR.txt first, then g++ -fsyntax-only over
//     libtch/torch_api.cpp (about 30 s, against about 2 min for the real
//     -O3 compile) and, while errors remain, the wrappers enclosing the
//     error lines, for a bounded number of rounds. A stubbed wrapper throws
//     "atg_x: not available in the installed libtorch" inside gotch's
//     PROTECT block, so the Go call returns that as an error;
//  5. it writes a git-ignored go.work (use ., replace gotch => ./build/gotch)
//     and builds and runs a check program through it (a 2x2 matmul, and a
//     stubbed call that must return an error), which also fills the Go
//     build cache with the compiled libtch;
//  6. it records all of this in build/gotch/.bertvec-prep.json; when the
//     inputs match, the next run only prints one line (well under a second).
//
// Usage, from the repository root (the Makefile does this):
//
//	GOWORK=off go run ./cmd/gotchprep [-force] [-cuda auto|on|off] [-check=false] [-verify=false] [-q]
//
// On a CUDA machine with the official libtorch 2.1 archive (cxx11 ABI or
// not; gotchprep reads which) unzipped at /opt/libtorch:
//
//	LIBTORCH=/opt/libtorch make build
//
// There gotch's wrappers compile as generated (no stubs), lib.go links
// libtorch_cuda and libc10_cuda with --no-as-needed (nothing references
// them directly, but they must load for the CUDA kernels to register),
// adds -L and an rpath for $LIBTORCH/lib, and adds /usr/local/cuda/lib64
// and -lcudart when that toolkit exists. Without libtorch at all, gotchprep
// exits 1 saying what to install.
//
// Cost on the 2-core machine: the first run takes about 20 CPU-seconds for
// the syntax check and about 3.5 CPU-minutes for the check program's cold
// build (libtch's -O3 compile alone is about 2 CPU-minutes); later runs with
// a matching stamp take about 0.2 s, and builds of bertvec reuse the cached
// libtch.
//
// Delete go.work and build/gotch to go back to pristine gotch.
package main
