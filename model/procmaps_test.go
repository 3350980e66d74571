package model

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sampleMaps = `55d0c8a00000-55d0c8a01000 r--p 00000000 fe:01 123 /usr/local/bin/bertvec
7f1c00000000-7f1c00100000 r-xp 00000000 fe:01 456 /usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0
7f1c00100000-7f1c00200000 r--p 00100000 fe:01 456 /usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0
7f1c00300000-7f1c00400000 r-xp 00000000 fe:01 789 /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
7f1c00500000-7f1c00600000 rw-p 00000000 00:00 0
7f1c00700000-7f1c00800000 r-xp 00000000 fe:01 790 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
`

func TestMappedLibs(t *testing.T) {
	got := mappedLibs(strings.NewReader(sampleMaps))
	want := []string{
		"/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0",
		"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
		"/usr/lib/x86_64-linux-gnu/libc.so.6",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("mappedLibs = %q, want %q", got, want)
	}
}

func TestClassifyBLAS(t *testing.T) {
	tests := []struct {
		libs []string
		kind BLASKind
	}{
		{[]string{"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"}, BLASOpenBLAS},
		{[]string{"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"}, BLASReference},
		{[]string{"/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3"}, BLASBLIS},
		{[]string{"/opt/libtorch/lib/libopenblas.so.0"}, BLASOpenBLAS},
		{[]string{"/opt/intel/lib/libmkl_rt.so.2"}, BLASMKL},
		{[]string{"/usr/lib/libc.so.6"}, BLASUnknown},
	}
	for _, tt := range tests {
		if _, k := classifyBLAS(tt.libs); k != tt.kind {
			t.Errorf("classifyBLAS(%q) = %s, want %s", tt.libs, k, tt.kind)
		}
	}
}

func TestTorchLibs(t *testing.T) {
	v, cuda := torchLibs(mappedLibs(strings.NewReader(sampleMaps)))
	if v != "1.13.0" || cuda {
		t.Errorf("Debian CPU: got %q cuda=%v", v, cuda)
	}
	// An official zip: version in build-version beside lib/.
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "build-version"), []byte("2.1.0+cu121\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	v, cuda = torchLibs([]string{filepath.Join(root, "lib", "libtorch_cpu.so"), filepath.Join(root, "lib", "libtorch_cuda.so")})
	if v != "2.1.0+cu121" || !cuda {
		t.Errorf("official zip: got %q cuda=%v", v, cuda)
	}
}
