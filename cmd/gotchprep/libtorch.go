package main

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrNoLibtorch means no usable libtorch was found.
var ErrNoLibtorch = errors.New("libtorch not found")

// installHint says what to do about ErrNoLibtorch.
const installHint = "install Debian's libtorch (apt-get install libtorch-dev libopenblas0-pthread) " +
	"or set LIBTORCH=/path/to/libtorch (a directory with include/ and lib/, like the unzipped official archive)"

// CUDAMode is the -cuda flag.
type CUDAMode int

const (
	CUDAAuto CUDAMode = iota // use CUDA when libtorch ships libtorch_cuda.so
	CUDAOn                   // require it
	CUDAOff                  // never link it
)

// ParseCUDAMode parses "auto", "on" or "off".
func ParseCUDAMode(s string) (CUDAMode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return CUDAAuto, nil
	case "on", "true", "1":
		return CUDAOn, nil
	case "off", "false", "0":
		return CUDAOff, nil
	}
	return CUDAAuto, fmt.Errorf("-cuda %q: want auto, on or off", s)
}

func (m CUDAMode) String() string { return [...]string{"auto", "on", "off"}[m] }

// Libtorch is a detected libtorch install.
type Libtorch struct {
	Dir         string   // $LIBTORCH, or /usr for Debian's package
	System      bool     // Debian's package: /usr/include and the lib dir are compiler defaults
	IncludeDirs []string // directories to pass as -I (compiler defaults left out)
	LibDir      string   // where libtorch.so lives
	Version     string   // from torch/version.h, e.g. "1.13.0"
	CUDA        bool     // link libtorch_cuda
	CUDALibDir  string   // the CUDA toolkit's lib dir for -lcudart; "" when there is none
	ABI         int      // _GLIBCXX_USE_CXX11_ABI
}

// apiInclude is where libtorch keeps the C++ frontend headers, below include/.
const apiInclude = "torch/csrc/api/include"

// DetectLibtorch finds libtorch. libtorchDir is $LIBTORCH ("" for Debian's
// package); root prefixes every system path so tests can fake a whole tree
// ("" or "/" on a real system).
func DetectLibtorch(root, libtorchDir string, mode CUDAMode) (Libtorch, error) {
	var lt Libtorch
	usr := filepath.Join(root, "/usr")
	if libtorchDir == "" || filepath.Clean(libtorchDir) == usr {
		lt = Libtorch{Dir: usr, System: true, IncludeDirs: []string{filepath.Join(usr, "include", apiInclude)}}
		if root != "" && root != "/" {
			// a fake tree's /usr/include is no compiler default
			lt.IncludeDirs = []string{filepath.Join(usr, "include"), filepath.Join(usr, "include", apiInclude)}
		}
		libs, _ := filepath.Glob(filepath.Join(usr, "lib", "*", "libtorch.so"))
		libs = append(libs, filepath.Join(usr, "lib", "libtorch.so"))
		for _, l := range libs {
			if isFile(l) {
				lt.LibDir = filepath.Dir(l)
				break
			}
		}
		if lt.LibDir == "" {
			return lt, fmt.Errorf("%w: no libtorch.so under %s/lib: %s", ErrNoLibtorch, usr, installHint)
		}
	} else {
		dir, err := filepath.Abs(libtorchDir)
		if err != nil {
			return lt, err
		}
		lt = Libtorch{Dir: dir, LibDir: filepath.Join(dir, "lib"),
			IncludeDirs: []string{filepath.Join(dir, "include"), filepath.Join(dir, "include", apiInclude)}}
		if !isFile(filepath.Join(lt.LibDir, "libtorch.so")) {
			return lt, fmt.Errorf("%w: LIBTORCH=%s has no lib/libtorch.so: %s", ErrNoLibtorch, libtorchDir, installHint)
		}
	}
	versionH := filepath.Join(lt.IncludeDirs[len(lt.IncludeDirs)-1], "torch", "version.h")
	h, err := os.ReadFile(versionH)
	if err != nil {
		return lt, fmt.Errorf("%w: %s has libtorch.so but no headers (%v): %s", ErrNoLibtorch, lt.Dir, err, installHint)
	}
	if lt.Version, err = ParseVersionH(h); err != nil {
		return lt, fmt.Errorf("%s: %w", versionH, err)
	}

	hasCUDA := isFile(filepath.Join(lt.LibDir, "libtorch_cuda.so"))
	switch {
	case mode == CUDAOn && !hasCUDA:
		return lt, fmt.Errorf("-cuda on: %s has no libtorch_cuda.so; use a CUDA build of libtorch", lt.LibDir)
	case mode != CUDAOff && hasCUDA:
		lt.CUDA = true
		if d := filepath.Join(root, "/usr/local/cuda/lib64"); isFile(filepath.Join(d, "libcudart.so")) {
			lt.CUDALibDir = d
		}
	}

	lt.ABI, err = detectABI(lt)
	return lt, err
}

var versionDefine = regexp.MustCompile(`(?m)^\s*#define\s+TORCH_VERSION_(MAJOR|MINOR|PATCH)\s+(\d+)`)

// ParseVersionH reads "major.minor.patch" from torch/version.h.
func ParseVersionH(h []byte) (string, error) {
	v := map[string]string{}
	for _, m := range versionDefine.FindAllSubmatch(h, -1) {
		v[string(m[1])] = string(m[2])
	}
	if v["MAJOR"] == "" || v["MINOR"] == "" || v["PATCH"] == "" {
		return "", errors.New("no TORCH_VERSION_MAJOR/MINOR/PATCH defines")
	}
	return v["MAJOR"] + "." + v["MINOR"] + "." + v["PATCH"], nil
}

var abiFlag = regexp.MustCompile(`-D_GLIBCXX_USE_CXX11_ABI=([01])`)

// detectABI reads the C++ ABI libtorch was built with from TorchConfig.cmake,
// else from libc10.so's dynamic symbols (the C++11 ABI names std::__cxx11).
func detectABI(lt Libtorch) (int, error) {
	for _, p := range []string{
		filepath.Join(lt.Dir, "share", "cmake", "Torch", "TorchConfig.cmake"),
		filepath.Join(lt.LibDir, "cmake", "Torch", "TorchConfig.cmake"),
	} {
		if b, err := os.ReadFile(p); err == nil {
			if m := abiFlag.FindSubmatch(b); m != nil {
				return int(m[1][0] - '0'), nil
			}
		}
	}
	f, err := elf.Open(filepath.Join(lt.LibDir, "libc10.so"))
	if err != nil {
		if lt.System {
			return 1, nil // Debian builds everything with the C++11 ABI
		}
		return 0, fmt.Errorf("reading the C++ ABI of %s: no TorchConfig.cmake and %v", lt.Dir, err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return 0, fmt.Errorf("reading the C++ ABI of %s: %v", lt.Dir, err)
	}
	names := make([]string, len(syms))
	for i, s := range syms {
		names[i] = s.Name
	}
	return ABIFromSymbols(names), nil
}

// ABIFromSymbols says 1 when any symbol uses the C++11 ABI's std::__cxx11
// namespace (mangled "St7__cxx11" or "NSt7__cxx11"), else 0.
func ABIFromSymbols(names []string) int {
	for _, n := range names {
		if strings.Contains(n, "St7__cxx11") {
			return 1
		}
	}
	return 0
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
