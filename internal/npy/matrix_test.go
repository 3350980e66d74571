package npy

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// want2x3 is what f4-2x3.npy holds: np.arange(6, dtype='<f4').reshape(2, 3) / 7.
func want2x3() []float32 {
	v := make([]float32, 6)
	for i := range v {
		v[i] = float32(i) / 7
	}
	return v
}

func TestOpenNumPyFiles(t *testing.T) {
	for _, name := range []string{"f4-2x3.npy", "f4-v2-2x3.npy"} {
		t.Run(name, func(t *testing.T) {
			m, err := Open(filepath.Join(golden, name))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			if m.Rows != 2 || m.Cols != 3 {
				t.Fatalf("shape (%d, %d), want (2, 3)", m.Rows, m.Cols)
			}
			want := want2x3()
			for i, v := range m.Data {
				if v != want[i] {
					t.Errorf("Data[%d] = %v, want %v", i, v, want[i])
				}
			}
			if r := m.Row(1); len(r) != 3 || r[0] != want[3] || cap(r) != 3 {
				t.Errorf("Row(1) = %v (cap %d)", r, cap(r))
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			if m.Data != nil {
				t.Error("Data not cleared by Close")
			}
		})
	}
}

func TestOpenEmpty(t *testing.T) {
	m, err := Open(filepath.Join(golden, "f4-0x5.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 0 || m.Cols != 5 || len(m.Data) != 0 {
		t.Errorf("got (%d, %d) with %d values", m.Rows, m.Cols, len(m.Data))
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRejects(t *testing.T) {
	tests := []struct {
		file string
		want error
		msg  string
	}{
		{"f8-2x3.npy", ErrDtype, "dtype '<f8' not supported: want '<f4' (float32)"},
		{"f2-2x3.npy", ErrDtype, "dtype '<f2'"},
		{"bigendian-f4.npy", ErrDtype, "dtype '>f4'"},
		{"f4-fortran-2x3.npy", ErrOrder, "fortran_order True"},
		{"f4-1d.npy", ErrShape, "1-D"},
		{"f4-3d.npy", ErrShape, "3-D"},
		{"f4-2x3-truncated.npy", ErrTruncated, "truncated"},
		{"headers.txt", ErrNotNPY, "not a .npy file"},
		{"header-2x3.bin", ErrTruncated, "file is 128 bytes, header says 152"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := Open(filepath.Join(golden, tt.file))
			if err == nil {
				m.Close()
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want %v mentioning %q", err, tt.want, tt.msg)
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("err = %q does not name the file", err)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.npy")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.npy")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty); !errors.Is(err, ErrNotNPY) {
		t.Errorf("empty file: err = %v", err)
	}
}

func TestWriteMatchesNumPy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.npy")
	if err := Write(path, 2, 3, want2x3()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := readGolden(t, "f4-2x3.npy"); !bytes.Equal(got, want) {
		t.Errorf("Write differs from np.save:\n got %q\nwant %q", got, want)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	// Overwrite with another shape, then read back through Open.
	data := make([]float32, 5*7)
	for i := range data {
		data[i] = float32(i) * 0.25
	}
	if err := Write(path, 5, 7, data); err != nil {
		t.Fatal(err)
	}
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Rows != 5 || m.Cols != 7 || m.Row(4)[6] != data[34] {
		t.Errorf("read back (%d, %d), last %v", m.Rows, m.Cols, m.Row(4)[6])
	}
	assertOnly(t, dir, "m.npy")
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	if err := Write(filepath.Join(dir, "m.npy"), 2, 3, make([]float32, 5)); !errors.Is(err, ErrShape) {
		t.Errorf("wrong length: err = %v", err)
	}
	if err := Write(filepath.Join(dir, "no", "such", "m.npy"), 1, 1, []float32{1}); err == nil {
		t.Error("missing directory: no error")
	}
	assertOnly(t, dir)
}

// assertOnly fails unless dir holds exactly names (no temporary leftovers).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
