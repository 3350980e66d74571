package npy

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The counts and sums files round-trip, and their bytes are NumPy's: the
// headers of the reference files np.save wrote are reproduced exactly.
func TestTypedRoundTrip(t *testing.T) {
	dir := t.TempDir()
	ints := []int64{0, 7, -3, 1 << 40}
	if err := WriteInt64(filepath.Join(dir, "c.npy"), ints); err != nil {
		t.Fatal(err)
	}
	got, err := ReadInt64(filepath.Join(dir, "c.npy"))
	if err != nil || !reflect.DeepEqual(got, ints) {
		t.Fatalf("ReadInt64 = %v, %v; want %v", got, err, ints)
	}
	fl := []float64{1.5, -2, 3e300, 0, 5, 6}
	if err := WriteFloat64(filepath.Join(dir, "s.npy"), 2, 3, fl); err != nil {
		t.Fatal(err)
	}
	r, c, back, err := ReadFloat64(filepath.Join(dir, "s.npy"))
	if err != nil || r != 2 || c != 3 || !reflect.DeepEqual(back, fl) {
		t.Fatalf("ReadFloat64 = %d %d %v %v", r, c, back, err)
	}
	// The wrong kind of file is refused with the sentinel for it.
	if _, err := ReadInt64(filepath.Join(dir, "s.npy")); !errors.Is(err, ErrDtype) {
		t.Errorf("ReadInt64 of a float64 file: %v, want ErrDtype", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "c.npy"))
	os.WriteFile(filepath.Join(dir, "short.npy"), b[:len(b)-1], 0o644)
	if _, err := ReadInt64(filepath.Join(dir, "short.npy")); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated: %v, want ErrTruncated", err)
	}
	if _, err := ReadInt64(dir); err == nil {
		t.Error("ReadInt64 of a directory succeeded")
	}
}

func TestInt64HeaderMatchesNumPy(t *testing.T) {
	want, err := os.ReadFile("../../testdata/context/context_count.npy")
	if err != nil {
		t.Fatal(err)
	}
	got := headerFor("<i8", 417)
	if string(want[:len(got)]) != string(got) {
		t.Errorf("header\n%q\nnp.save wrote\n%q", got, want[:len(got)])
	}
}

// Hostile files: any bytes either read as a consistent array or fail with
// an error; the allocation is bounded by the file's size.
func FuzzReadTyped(f *testing.F) {
	f.Add(headerFor("<i8", 2))
	f.Add(append(headerFor("<i8", 1), 1, 0, 0, 0, 0, 0, 0, 0))
	f.Add(append(headerFor("<f8", 1, 1), 0, 0, 0, 0, 0, 0, 0xf0, 0x3f))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.npy")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := ReadInt64(p); err == nil && 8*len(v) > len(data) {
			t.Fatalf("%d values from %d bytes", len(v), len(data))
		}
		if r, c, v, err := ReadFloat64(p); err == nil && (len(v) != r*c || 8*len(v) > len(data)) {
			t.Fatalf("(%d,%d) %d values from %d bytes", r, c, len(v), len(data))
		}
	})
}
