package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"testing"
)

// FlipBit returns a copy of a zip archive with mask XORed into the middle
// byte of record name's data, the directory unchanged: a bit flip on disk,
// which the record's CRC-32 must catch.
func FlipBit(t testing.TB, file []byte, name string, mask byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			off, err := zf.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			out := slices.Clone(file)
			out[off+int64(zf.CompressedSize64)/2] ^= mask
			return out
		}
	}
	t.Fatalf("no record %s", name)
	return nil
}

// Rezip copies a zip archive, writing every record with method and passing
// its bytes through f (nil: unchanged).
func Rezip(t testing.TB, file []byte, method uint16, f func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if f != nil {
			b = f(zf.Name, b)
		}
		out, err := w.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := out.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
