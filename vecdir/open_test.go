//go:build unix

package vecdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
)

// writeDir makes a vectors directory with static vectors of 4 tokens and,
// when meta is not "", that meta.json.
func writeDir(t *testing.T, meta string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, VocabFile), []byte("[UNK]\n[CLS]\n[SEP]\n猫\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := npy.Write(filepath.Join(dir, "custom.npy"), 4, 2, []float32{1, 2, 3, 4, 5, 6, 7, 8}); err != nil {
		t.Fatal(err)
	}
	if meta != "" {
		if err := os.WriteFile(filepath.Join(dir, MetaFile), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const customMeta = `{"bertvec_version":"t","vocab":"vocab.txt","format":"npy","kinds":{"static":{"file":"custom.npy","shape":[4,2]}}}`

func TestOpenUsesMetaFileNames(t *testing.T) {
	dir := writeDir(t, customMeta)
	v, err := Open(dir, Static)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Rows != 4 || v.Cols != 2 || v.Row(3)[1] != 8 || v.Meta == nil {
		t.Fatalf("opened %dx%d, row 3 %v, meta %v", v.Rows, v.Cols, v.Row(3), v.Meta)
	}
	var missing *MissingKindError
	if _, err := Open(dir, Dynamic); !errors.As(err, &missing) || !errors.Is(err, ErrVectors) ||
		len(missing.Have) != 1 || missing.Have[0] != Static {
		t.Fatalf("Open(dynamic) = %v, want a MissingKindError listing static", err)
	}
}

func TestOpenRefusesHostileDirs(t *testing.T) {
	tests := []struct {
		name  string
		meta  string
		spoil func(dir string) error
		want  error
	}{
		{"meta names a path", strings.Replace(customMeta, "custom.npy", "../custom.npy", 1), nil, ErrMeta},
		{"meta names an absolute path", strings.Replace(customMeta, "custom.npy", "/etc/passwd", 1), nil, ErrMeta},
		{"meta names an unknown kind", strings.Replace(customMeta, `"static"`, `"bogus"`, 1), nil, ErrKind},
		{"meta shape disagrees", strings.Replace(customMeta, "[4,2]", "[4,3]", 1), nil, ErrVectors},
		{"meta not json", "{", nil, ErrMeta},
		{"npy is a link", customMeta, func(dir string) error {
			os.Rename(filepath.Join(dir, "custom.npy"), filepath.Join(dir, "real.npy"))
			return os.Symlink("real.npy", filepath.Join(dir, "custom.npy"))
		}, ErrNotRegular},
		{"meta is a pipe", "", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, MetaFile), 0o644) }, ErrNotRegular},
		{"vocab is a pipe", customMeta, func(dir string) error {
			os.Remove(filepath.Join(dir, VocabFile))
			return syscall.Mkfifo(filepath.Join(dir, VocabFile), 0o644)
		}, ErrNotRegular},
		{"meta is a directory", "", func(dir string) error { return os.Mkdir(filepath.Join(dir, MetaFile), 0o755) }, ErrNotRegular},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, tc.meta)
			if tc.spoil != nil {
				if err := tc.spoil(dir); err != nil {
					t.Fatal(err)
				}
			}
			v, err := Open(dir, Static)
			if err == nil {
				v.Close()
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestReadMetaBounded(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, MaxMetaSize+10)
	for i := range big {
		big[i] = ' '
	}
	os.WriteFile(filepath.Join(dir, MetaFile), big, 0o644)
	if _, err := ReadMeta(dir); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadMeta(huge) = %v, want ErrTooLarge", err)
	}
	if _, err := ReadMeta(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadMeta(none) = %v, want ErrNotExist", err)
	}
}

func TestKindsWithoutMeta(t *testing.T) {
	dir := writeDir(t, "")
	for _, name := range []string{"static.npy", "context_L3.npy", "dynamic.w2v.txt", "context_count.npy", "junk.npy"} {
		os.WriteFile(filepath.Join(dir, name), nil, 0o644)
	}
	ks, err := Kinds(dir)
	if err != nil || len(ks) != 2 || ks[0] != Static || ks[1] != ContextLayer(3) {
		t.Fatalf("Kinds = %v, %v; want [static context_L3]", ks, err)
	}
}

func TestVerify(t *testing.T) {
	dir := writeDir(t, "")
	sum, err := FileSHA256(filepath.Join(dir, "custom.npy"))
	if err != nil {
		t.Fatal(err)
	}
	meta := strings.Replace(customMeta, `"shape":[4,2]`, `"shape":[4,2],"sha256":"`+sum+`"`, 1)
	os.WriteFile(filepath.Join(dir, MetaFile), []byte(meta), 0o644)
	if ks, err := Verify(dir); err != nil || len(ks) != 1 {
		t.Fatalf("Verify = %v, %v", ks, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "custom.npy"))
	b[len(b)-1] ^= 1
	os.WriteFile(filepath.Join(dir, "custom.npy"), b, 0o644)
	if _, err := Verify(dir); !errors.Is(err, ErrChecksum) {
		t.Fatalf("Verify(tampered) = %v, want ErrChecksum", err)
	}
	os.WriteFile(filepath.Join(dir, VocabFile), []byte("a\nb\n"), 0o644)
	b[len(b)-1] ^= 1
	os.WriteFile(filepath.Join(dir, "custom.npy"), b, 0o644)
	if _, err := Verify(dir); !errors.Is(err, ErrVectors) {
		t.Fatalf("Verify(short vocab) = %v, want ErrVectors", err)
	}
}

// A file whose sha256 is the one meta.json records is still checked as a
// matrix: the shape meta.json gives, and a size that holds the data.
func TestVerifyKindShape(t *testing.T) {
	dir := writeDir(t, "")
	path := filepath.Join(dir, "custom.npy")
	sum, err := FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyKind(dir, &KindMeta{File: "custom.npy", Shape: [2]int{4, 2}, SHA256: sum}); err != nil {
		t.Fatalf("the written file: %v", err)
	}
	if err := VerifyKind(dir, &KindMeta{File: "custom.npy", Shape: [2]int{4, 3}, SHA256: sum}); !errors.Is(err, ErrVectors) || !strings.Contains(err.Error(), "(4, 2)") {
		t.Errorf("meta.json's shape differs: %v, want ErrVectors", err)
	}
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-4], 0o644) // a row short, its sha256 recorded
	if sum, err = FileSHA256(path); err != nil {
		t.Fatal(err)
	}
	if err := VerifyKind(dir, &KindMeta{File: "custom.npy", Shape: [2]int{4, 2}, SHA256: sum}); !errors.Is(err, ErrVectors) || !errors.Is(err, npy.ErrTruncated) {
		t.Errorf("a truncated file: %v, want ErrVectors and npy.ErrTruncated", err)
	}
}
