package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakeTree creates files (empty unless given content) under root.
func fakeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func versionH(major, minor, patch int) string {
	return fmt.Sprintf("#pragma once\n#define TORCH_VERSION_MAJOR %d\n#define TORCH_VERSION_MINOR %d\n#define TORCH_VERSION_PATCH %d\n"+
		"#define TORCH_VERSION \\\n  \"%d.%d.%d\"\n", major, minor, patch, major, minor, patch)
}

const (
	debianCMake = "# When we build libtorch with the old libstdc++ ABI, dependent libraries must too.\n" +
		"if(CMAKE_SYSTEM_NAME STREQUAL \"Linux\")\n  set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")\nendif()\n"
	zipCMake = "if(CMAKE_SYSTEM_NAME STREQUAL \"Linux\")\n  set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=0\")\nendif()\n"
)

func debianTree(t *testing.T, root string) {
	fakeTree(t, root, map[string]string{
		"usr/include/torch/csrc/api/include/torch/version.h":     versionH(1, 13, 0),
		"usr/lib/x86_64-linux-gnu/libtorch.so":                   "",
		"usr/lib/x86_64-linux-gnu/libtorch_cpu.so":               "",
		"usr/lib/x86_64-linux-gnu/libc10.so":                     "",
		"usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake": debianCMake,
	})
}

func zipTree(t *testing.T, dir string, cuda bool) {
	files := map[string]string{
		"include/torch/csrc/api/include/torch/version.h": versionH(2, 1, 0),
		"lib/libtorch.so":                     "",
		"lib/libtorch_cpu.so":                 "",
		"lib/libc10.so":                       "",
		"share/cmake/Torch/TorchConfig.cmake": zipCMake,
	}
	if cuda {
		files["lib/libtorch_cuda.so"] = ""
		files["lib/libc10_cuda.so"] = ""
		files["lib/libcudart-d0da41ae.so.11.0"] = ""
	}
	fakeTree(t, dir, files)
}

var baseCXX = []string{"-std=c++17", "-I${SRCDIR}", "-g", "-O3", "-Wno-deprecated-declarations"}

func TestDetectAndFlags(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, root string) (libtorchEnv string)
		mode    CUDAMode
		want    func(root string) Libtorch
		wantCXX func(root string) []string
		wantLD  func(root string) []string
	}{
		{
			name:  "Debian CPU 1.13",
			setup: func(t *testing.T, root string) string { debianTree(t, root); return "" },
			want: func(root string) Libtorch {
				usr := root + "/usr"
				return Libtorch{Dir: usr, System: true, LibDir: usr + "/lib/x86_64-linux-gnu", Version: "1.13.0", ABI: 1,
					IncludeDirs: []string{usr + "/include", usr + "/include/torch/csrc/api/include"}}
			},
			wantCXX: func(root string) []string {
				return append(baseCXX, "-D_GLIBCXX_USE_CXX11_ABI=1", "-I"+root+"/usr/include", "-I"+root+"/usr/include/torch/csrc/api/include")
			},
			wantLD: func(string) []string { return []string{"-lstdc++", "-ltorch", "-ltorch_cpu", "-lc10"} },
		},
		{
			name: "official zip CPU 2.1",
			setup: func(t *testing.T, root string) string {
				zipTree(t, root+"/opt/libtorch", false)
				return root + "/opt/libtorch"
			},
			want: func(root string) Libtorch {
				d := root + "/opt/libtorch"
				return Libtorch{Dir: d, LibDir: d + "/lib", Version: "2.1.0", ABI: 0,
					IncludeDirs: []string{d + "/include", d + "/include/torch/csrc/api/include"}}
			},
			wantCXX: func(root string) []string {
				d := root + "/opt/libtorch"
				return append(baseCXX, "-D_GLIBCXX_USE_CXX11_ABI=0", "-I"+d+"/include", "-I"+d+"/include/torch/csrc/api/include")
			},
			wantLD: func(root string) []string {
				d := root + "/opt/libtorch/lib"
				return []string{"-L" + d, "-Wl,-rpath," + d, "-lstdc++", "-ltorch", "-ltorch_cpu", "-lc10"}
			},
		},
		{
			name: "official zip CUDA 2.1 with a CUDA toolkit",
			setup: func(t *testing.T, root string) string {
				zipTree(t, root+"/opt/libtorch", true)
				fakeTree(t, root, map[string]string{"usr/local/cuda/lib64/libcudart.so": ""})
				return root + "/opt/libtorch"
			},
			want: func(root string) Libtorch {
				d := root + "/opt/libtorch"
				return Libtorch{Dir: d, LibDir: d + "/lib", Version: "2.1.0", ABI: 0, CUDA: true, CUDALibDir: root + "/usr/local/cuda/lib64",
					IncludeDirs: []string{d + "/include", d + "/include/torch/csrc/api/include"}}
			},
			wantCXX: func(root string) []string {
				d := root + "/opt/libtorch"
				return append(baseCXX, "-D_GLIBCXX_USE_CXX11_ABI=0", "-I"+d+"/include", "-I"+d+"/include/torch/csrc/api/include")
			},
			wantLD: func(root string) []string {
				d, c := root+"/opt/libtorch/lib", root+"/usr/local/cuda/lib64"
				return []string{"-L" + d, "-Wl,-rpath," + d, "-lstdc++", "-ltorch", "-ltorch_cpu", "-lc10",
					"-Wl,--no-as-needed", "-ltorch_cuda", "-lc10_cuda", "-Wl,--as-needed", "-L" + c, "-Wl,-rpath," + c, "-lcudart"}
			},
		},
		{
			name:  "official zip CUDA 2.1 without a toolkit",
			setup: func(t *testing.T, root string) string { zipTree(t, root+"/libtorch", true); return root + "/libtorch" },
			want: func(root string) Libtorch {
				d := root + "/libtorch"
				return Libtorch{Dir: d, LibDir: d + "/lib", Version: "2.1.0", ABI: 0, CUDA: true,
					IncludeDirs: []string{d + "/include", d + "/include/torch/csrc/api/include"}}
			},
			wantCXX: func(root string) []string {
				d := root + "/libtorch"
				return append(baseCXX, "-D_GLIBCXX_USE_CXX11_ABI=0", "-I"+d+"/include", "-I"+d+"/include/torch/csrc/api/include")
			},
			wantLD: func(root string) []string {
				d := root + "/libtorch/lib"
				return []string{"-L" + d, "-Wl,-rpath," + d, "-lstdc++", "-ltorch", "-ltorch_cpu", "-lc10",
					"-Wl,--no-as-needed", "-ltorch_cuda", "-lc10_cuda", "-Wl,--as-needed"}
			},
		},
		{
			name:  "official zip CUDA 2.1 with -cuda off",
			setup: func(t *testing.T, root string) string { zipTree(t, root+"/libtorch", true); return root + "/libtorch" },
			mode:  CUDAOff,
			want: func(root string) Libtorch {
				d := root + "/libtorch"
				return Libtorch{Dir: d, LibDir: d + "/lib", Version: "2.1.0", ABI: 0,
					IncludeDirs: []string{d + "/include", d + "/include/torch/csrc/api/include"}}
			},
			wantCXX: func(root string) []string {
				d := root + "/libtorch"
				return append(baseCXX, "-D_GLIBCXX_USE_CXX11_ABI=0", "-I"+d+"/include", "-I"+d+"/include/torch/csrc/api/include")
			},
			wantLD: func(root string) []string {
				d := root + "/libtorch/lib"
				return []string{"-L" + d, "-Wl,-rpath," + d, "-lstdc++", "-ltorch", "-ltorch_cpu", "-lc10"}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			lt, err := DetectLibtorch(root, tc.setup(t, root), tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.want(root); !reflect.DeepEqual(lt, want) {
				t.Fatalf("detected\n %+v\nwant\n %+v", lt, want)
			}
			f := CgoFlags(lt)
			if !reflect.DeepEqual(f.CFLAGS, gotchCFLAGS) {
				t.Errorf("CFLAGS %q, want gotch's own %q", f.CFLAGS, gotchCFLAGS)
			}
			if want := tc.wantCXX(root); !reflect.DeepEqual(f.CXXFLAGS, want) {
				t.Errorf("CXXFLAGS\n %q\nwant\n %q", f.CXXFLAGS, want)
			}
			if want := tc.wantLD(root); !reflect.DeepEqual(f.LDFLAGS, want) {
				t.Errorf("LDFLAGS\n %q\nwant\n %q", f.LDFLAGS, want)
			}
		})
	}
}

func TestDetectErrors(t *testing.T) {
	t.Run("nothing installed", func(t *testing.T) {
		_, err := DetectLibtorch(t.TempDir(), "", CUDAAuto)
		if !errors.Is(err, ErrNoLibtorch) || !strings.Contains(err.Error(), "apt-get install libtorch-dev libopenblas0-pthread") ||
			!strings.Contains(err.Error(), "LIBTORCH=/path/to/libtorch") {
			t.Fatalf("err = %v, want ErrNoLibtorch with the install hint", err)
		}
	})
	t.Run("LIBTORCH without lib", func(t *testing.T) {
		dir := t.TempDir()
		_, err := DetectLibtorch(t.TempDir(), dir, CUDAAuto)
		if !errors.Is(err, ErrNoLibtorch) || !strings.Contains(err.Error(), "LIBTORCH="+dir) {
			t.Fatalf("err = %v, want ErrNoLibtorch naming LIBTORCH", err)
		}
	})
	t.Run("libs without headers", func(t *testing.T) {
		root := t.TempDir()
		fakeTree(t, root, map[string]string{"usr/lib/x86_64-linux-gnu/libtorch.so": ""})
		if _, err := DetectLibtorch(root, "", CUDAAuto); !errors.Is(err, ErrNoLibtorch) {
			t.Fatalf("err = %v, want ErrNoLibtorch", err)
		}
	})
	t.Run("-cuda on with a CPU build", func(t *testing.T) {
		root := t.TempDir()
		zipTree(t, root, false)
		if _, err := DetectLibtorch(t.TempDir(), root, CUDAOn); err == nil || !strings.Contains(err.Error(), "libtorch_cuda.so") {
			t.Fatalf("err = %v, want one about libtorch_cuda.so", err)
		}
	})
	t.Run("zip without TorchConfig.cmake or a readable libc10", func(t *testing.T) {
		root := t.TempDir()
		zipTree(t, root, false)
		os.Remove(filepath.Join(root, "share/cmake/Torch/TorchConfig.cmake"))
		if _, err := DetectLibtorch(t.TempDir(), root, CUDAAuto); err == nil || !strings.Contains(err.Error(), "C++ ABI") {
			t.Fatalf("err = %v, want one about the C++ ABI", err)
		}
	})
	t.Run("Debian without TorchConfig.cmake defaults to ABI 1", func(t *testing.T) {
		root := t.TempDir()
		debianTree(t, root)
		os.Remove(filepath.Join(root, "usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake"))
		lt, err := DetectLibtorch(root, "", CUDAAuto)
		if err != nil || lt.ABI != 1 {
			t.Fatalf("abi %d, err %v; want 1, nil", lt.ABI, err)
		}
	})
}

func TestParseVersionH(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{versionH(1, 13, 0), "1.13.0", true},
		{versionH(2, 1, 0), "2.1.0", true},
		{"#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 1\n", "", false},
		{"", "", false},
	} {
		got, err := ParseVersionH([]byte(tc.in))
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseVersionH(%q) = %q, %v; want %q, ok %t", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestABIFromSymbols(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  int
	}{
		{[]string{"_ZN3c106detail14torchCheckFailEPKcS2_jRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"}, 1},
		{[]string{"_ZN3c106detail14torchCheckFailEPKcS2_jRKSs", "malloc"}, 0},
		{nil, 0},
	} {
		if got := ABIFromSymbols(tc.names); got != tc.want {
			t.Errorf("ABIFromSymbols(%q) = %d, want %d", tc.names, got, tc.want)
		}
	}
}

func TestParseCUDAMode(t *testing.T) {
	for in, want := range map[string]CUDAMode{"auto": CUDAAuto, "": CUDAAuto, "on": CUDAOn, "OFF": CUDAOff} {
		if got, err := ParseCUDAMode(in); err != nil || got != want {
			t.Errorf("ParseCUDAMode(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseCUDAMode("maybe"); err == nil {
		t.Error("ParseCUDAMode(maybe) succeeded")
	}
}

func TestLibGo(t *testing.T) {
	f := Flags{CFLAGS: []string{"-I${SRCDIR}"}, CXXFLAGS: []string{"-std=c++17", "-I/opt/lib torch/include"},
		LDFLAGS: []string{"-ltorch"}}
	got := string(LibGo(f, "summary line."))
	want := "// Code generated by bertvec's cmd/gotchprep; DO NOT EDIT.\n// summary line.\n\npackage libtch\n\n" +
		"// #cgo CFLAGS: -I${SRCDIR}\n// #cgo CXXFLAGS: -std=c++17 \"-I/opt/lib torch/include\"\n// #cgo LDFLAGS: -ltorch\nimport \"C\"\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
