package filehash

import (
	"os"
	"path/filepath"
	"testing"
)

// The digest of "abc" is FIPS 180-2's published test vector.
func TestSHA256(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := SHA256(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Fatalf("got %s want %s", got, want)
	}
	if _, err := SHA256(p + ".missing"); err == nil {
		t.Fatal("a missing file hashed without error")
	}
}

func TestShort(t *testing.T) {
	for in, want := range map[string]string{
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad": "ba7816bf8f01…",
		"ba7816bf8f01": "ba7816bf8f01",
		"":             `""`,
	} {
		if got := Short(in); got != want {
			t.Errorf("Short(%q) = %q, want %q", in, got, want)
		}
	}
}
