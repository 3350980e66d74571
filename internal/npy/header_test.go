package npy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const golden = "../../testdata/npy"

func readGolden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(golden, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goldenShapes lists the shapes in headers.txt.
func goldenShapes(t testing.TB) [][2]int {
	t.Helper()
	f, err := os.Open(filepath.Join(golden, "headers.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var shapes [][2]int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		var r, c int
		if _, err := fmt.Sscan(sc.Text(), &r, &c); err != nil {
			t.Fatalf("headers.txt: %q: %v", sc.Text(), err)
		}
		shapes = append(shapes, [2]int{r, c})
	}
	if len(shapes) < 5 {
		t.Fatalf("headers.txt lists %d shapes", len(shapes))
	}
	return shapes
}

func TestHeaderMatchesNumPy(t *testing.T) {
	for _, s := range goldenShapes(t) {
		want := readGolden(t, fmt.Sprintf("header-%dx%d.bin", s[0], s[1]))
		got := Header(s[0], s[1])
		if !bytes.Equal(got, want) {
			t.Errorf("Header(%d, %d):\n got %q\nwant %q", s[0], s[1], got, want)
		}
		if len(got)%64 != 0 {
			t.Errorf("Header(%d, %d) is %d bytes, not a multiple of 64", s[0], s[1], len(got))
		}
		info, err := ParseHeader(want)
		if float64(s[0])*float64(s[1])*4 > 1<<62 {
			if !errors.Is(err, ErrSize) {
				t.Errorf("ParseHeader(numpy %dx%d) = %v, want ErrSize", s[0], s[1], err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseHeader(numpy %dx%d): %v", s[0], s[1], err)
			continue
		}
		if info != (Info{Rows: s[0], Cols: s[1], DataOffset: len(want)}) {
			t.Errorf("ParseHeader(numpy %dx%d) = %+v", s[0], s[1], info)
		}
	}
}

// hdr builds a v1.0 file prefix around a header dict.
func hdr(dict string) []byte {
	b := []byte(magic + "\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	return append(b, dict...)
}

func TestParseHeaderAccepts(t *testing.T) {
	tests := []struct {
		name       string
		in         []byte
		rows, cols int
	}{
		{"numpy", Header(417, 64), 417, 64},
		{"keys reordered, double quotes", hdr(`{"shape": (3, 4), "fortran_order": False, "descr": "<f4"}` + "\n"), 3, 4},
		{"no trailing commas, no spaces", hdr(`{'descr':'<f4','fortran_order':False,'shape':(3,4)}`), 3, 4},
		{"tuple trailing comma", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4,), }   ` + "\n"), 3, 4},
		{"zero rows", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }`), 0, 4},
		{"more bytes after header", append(Header(2, 3), 1, 2, 3, 4), 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ParseHeader(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if info.Rows != tt.rows || info.Cols != tt.cols {
				t.Errorf("shape (%d, %d), want (%d, %d)", info.Rows, info.Cols, tt.rows, tt.cols)
			}
		})
	}
}

func TestParseHeaderRejects(t *testing.T) {
	v2 := func(n uint32) []byte {
		return []byte{0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	}
	tests := []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrNotNPY, "bad magic"},
		{"magic only", []byte(magic), ErrNotNPY, "bad magic"},
		{"bad magic", []byte("PK\x03\x04 this is a zip"), ErrNotNPY, "bad magic"},
		{"version 3", []byte(magic + "\x03\x00\x10\x00\x00\x00"), ErrVersion, "version 3.0 not supported"},
		{"version 1.1", []byte(magic + "\x01\x01\x10\x00"), ErrVersion, "1.1"},
		{"length cut", []byte(magic + "\x01\x00\x10"), ErrHeader, "cut short"},
		{"header cut", Header(2, 3)[:60], ErrHeader, "present"},
		{"v2 huge length", v2(1 << 30), ErrHeader, "exceeds"},
		{"f8", hdr(`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`), ErrDtype, `dtype '<f8' not supported: want '<f4' (float32)`},
		{"big-endian f4", hdr(`{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }`), ErrDtype, `dtype '>f4'`},
		{"structured", hdr(`{'descr': [('a', '<f4'), ('b', '<i8')], 'fortran_order': False, 'shape': (2, 3), }`), ErrDtype, `dtype [('a', '<f4'), ('b', '<i8')] not supported`},
		{"descr not a string", hdr(`{'descr': True, 'fortran_order': False, 'shape': (2, 3), }`), ErrDtype, "dtype True"},
		{"fortran", hdr(`{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }`), ErrOrder, "fortran_order True"},
		{"fortran not bool", hdr(`{'descr': '<f4', 'fortran_order': 'no', 'shape': (2, 3), }`), ErrHeader, "fortran_order is 'no'"},
		{"1-D", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }`), ErrShape, "shape (6,) is 1-D"},
		{"0-D", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (), }`), ErrShape, "0-D"},
		{"3-D", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 2), }`), ErrShape, "3-D"},
		{"(n) is not a tuple", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (6), }`), ErrHeader, "not a tuple"},
		{"negative", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }`), ErrShape, "negative"},
		{"leading zero", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (02, 3), }`), ErrHeader, "leading zero"},
		{"dimension overflows", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 3), }`), ErrSize, "too large"},
		{"size overflows", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }`), ErrSize, "too large"},
		{"shape a list", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }`), ErrHeader, "want a tuple"},
		{"missing key", hdr(`{'descr': '<f4', 'shape': (2, 3), }`), ErrHeader, `no "fortran_order" key`},
		{"extra key", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 'y'}`), ErrHeader, "unexpected keys"},
		{"duplicate key", hdr(`{'descr': '<f4', 'descr': '<f4', 'shape': (2, 3), }`), ErrHeader, "duplicate"},
		{"not a dict", hdr(`('<f4', False, (2, 3))`), ErrHeader, "want '{'"},
		{"unterminated", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)`), ErrHeader, "want ','"},
		{"trailing junk", hdr(`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} x`), ErrHeader, "trailing"},
		{"escape", hdr(`{'descr': '<f\4', 'fortran_order': False, 'shape': (2, 3)}`), ErrHeader, "escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHeader(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to mention %q", err, tt.msg)
			}
		})
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add(Header(417, 64))
	f.Add(hdr(`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`))
	f.Add(hdr(`{"shape": (3, 4,), "fortran_order": True, "descr": [('a', '<f4')]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := ParseHeader(b)
		if err != nil {
			if errors.Unwrap(err) == nil {
				t.Fatalf("error %q wraps no sentinel", err)
			}
			return
		}
		if info.Rows < 0 || info.Cols < 0 || info.DataOffset > len(b) || info.DataOffset < 10 {
			t.Fatalf("accepted %q as %+v", b, info)
		}
		again, err := ParseHeader(Header(info.Rows, info.Cols))
		if err != nil || again.Rows != info.Rows || again.Cols != info.Cols {
			t.Fatalf("Header(%d, %d) does not round-trip: %+v, %v", info.Rows, info.Cols, again, err)
		}
	})
}
