package torchpickle

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/bertvec/bertvec/internal/regfile"
)

// Format is the container torch.save used.
type Format int

const (
	Zip    Format = iota + 1 // torch ≥ 1.6: a zip archive
	Legacy                   // older: pickles followed by raw storages
)

// String returns "zip" or "legacy".
func (f Format) String() string {
	switch f {
	case Zip:
		return "zip"
	case Legacy:
		return "legacy"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// MaxPickle bounds the pickle of a zip archive (data.pkl). A state dict's
// pickle takes about 120 bytes per tensor: 64 MiB is half a million tensors.
const MaxPickle = 64 << 20

// File is an opened torch.save state dict. Open has read the pickle and
// checked every tensor against its storage and every storage against the
// file; the tensor bytes are read by Float32.
type File struct {
	format  Format
	names   []string
	tensors map[string]*Tensor
	r       io.ReaderAt
	size    int64
	closer  io.Closer
	records map[string]*zip.File // zip: storage key -> record
	offsets map[string]int64     // legacy: storage key -> first byte
}

// Open opens path, which must be a regular file (a named pipe would
// hang, a device never end). The caller closes the File.
func Open(path string) (*File, error) {
	fh, err := regfile.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, err
	}
	f, err := NewReader(fh, st.Size())
	if err != nil {
		fh.Close()
		return nil, err
	}
	f.closer = fh
	return f, nil
}

// NewReader reads a torch.save file of size bytes from r, zip or legacy.
func NewReader(r io.ReaderAt, size int64) (*File, error) {
	head := make([]byte, 4)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, fmt.Errorf("%w: %d bytes, too short for a torch.save file", ErrTruncated, size)
	}
	f := &File{r: r, size: size}
	var obj any
	var err error
	if string(head) == "PK\x03\x04" {
		f.format = Zip
		obj, err = f.openZip()
	} else {
		f.format = Legacy
		obj, err = f.openLegacy()
	}
	if err != nil {
		return nil, err
	}
	if err := f.stateDict(obj); err != nil {
		return nil, err
	}
	return f, nil
}

// Format says which container the file is.
func (f *File) Format() Format { return f.format }

// Names lists the state dict's keys in file order.
func (f *File) Names() []string { return slices.Clone(f.names) }

// Tensor returns the tensor stored under name.
func (f *File) Tensor(name string) (*Tensor, bool) {
	t, ok := f.tensors[name]
	return t, ok
}

// Close closes the file Open opened.
func (f *File) Close() error {
	if f.closer != nil {
		return f.closer.Close()
	}
	return nil
}

func (f *File) openZip() (any, error) {
	zr, err := zip.NewReader(f.r, f.size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: zip directory: %v (truncated or corrupt)", ErrCorrupt, err)
	}
	f.records = map[string]*zip.File{}
	var pkl *zip.File
	var prefix string
	for _, zf := range zr.File {
		dir, base := path.Split(zf.Name)
		switch {
		case base == "data.pkl" && strings.Count(dir, "/") == 1 && pkl == nil:
			pkl, prefix = zf, dir
		case base == "constants.pkl":
			return nil, fmt.Errorf("%w: a TorchScript archive (torch.jit.save), not a torch.save state dict", ErrUnsupported)
		}
	}
	if pkl == nil {
		return nil, fmt.Errorf("%w: zip archive without <archive>/data.pkl", ErrCorrupt)
	}
	for _, zf := range zr.File {
		if key, ok := strings.CutPrefix(zf.Name, prefix+"data/"); ok && key != "" {
			f.records[key] = zf
		}
		if zf.Name == prefix+"byteorder" {
			if err := checkByteOrder(zf, f.size); err != nil {
				return nil, err
			}
		}
	}
	if pkl.UncompressedSize64 > MaxPickle {
		return nil, fmt.Errorf("%w: %s is %d bytes (at most %d)", ErrTooLarge, pkl.Name, pkl.UncompressedSize64, MaxPickle)
	}
	if err := checkRecord(pkl, f.size); err != nil {
		return nil, err
	}
	rec, err := openRecord(pkl)
	if err != nil {
		return nil, err
	}
	seen := map[string]*Storage{}
	obj, _, err := unpickle(rec, int64(pkl.UncompressedSize64), func(pid any) (any, error) {
		return f.zipStorage(pid, seen)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pkl.Name, err)
	}
	if err := rec.finish(); err != nil {
		return nil, err
	}
	return obj, nil
}

// checkByteOrder refuses big-endian storages (torch ≥ 1.10 records it).
func checkByteOrder(zf *zip.File, size int64) error {
	if zf.UncompressedSize64 > 16 {
		return fmt.Errorf("%w: byteorder record of %d bytes", ErrCorrupt, zf.UncompressedSize64)
	}
	if err := checkRecord(zf, size); err != nil {
		return err
	}
	rec, err := openRecord(zf)
	if err != nil {
		return err
	}
	b := make([]byte, zf.UncompressedSize64)
	if err := rec.readFull(b); err != nil {
		return err
	}
	if err := rec.finish(); err != nil {
		return err
	}
	if string(b) != "little" {
		return fmt.Errorf("%w: storages are %q-endian", ErrUnsupported, b)
	}
	return nil
}

// zipStorage resolves a zip persistent id ('storage', type, key, location,
// numel) and checks its record.
func (f *File) zipStorage(pid any, seen map[string]*Storage) (any, error) {
	t, ok := pid.(tuple)
	if !ok || len(t) != 5 || t[0] != "storage" {
		return nil, fmt.Errorf("%w: persistent id %s, want ('storage', type, key, location, numel)", ErrCorrupt, typeName(pid))
	}
	s, err := newStorage(t[1], t[2], t[3], t[4])
	if err != nil {
		return nil, err
	}
	old, err := knownStorage(seen, s)
	if err != nil {
		return nil, err
	}
	if old != nil {
		return old, nil
	}
	zf, ok := f.records[s.Key]
	if !ok {
		return nil, fmt.Errorf("%w: storage %q has no record data/%s", ErrTruncated, s.Key, s.Key)
	}
	if err := checkRecord(zf, f.size); err != nil {
		return nil, err
	}
	if want := uint64(s.Bytes()); zf.UncompressedSize64 != want {
		kind := ErrCorrupt
		if zf.UncompressedSize64 < want {
			kind = ErrTruncated
		}
		return nil, fmt.Errorf("%w: record %s holds %d bytes, but storage %q is %d %s elements (%d bytes)",
			kind, zf.Name, zf.UncompressedSize64, s.Key, s.Numel, s.DType, want)
	}
	seen[s.Key] = s
	return s, nil
}

// stateDict checks that obj is a dict of tensors and keeps them.
func (f *File) stateDict(obj any) error {
	d, ok := obj.(*dict)
	if !ok {
		return fmt.Errorf("%w: the file holds %s", ErrNotStateDict, article(typeName(obj)))
	}
	f.tensors = make(map[string]*Tensor, len(d.keys))
	for i, k := range d.keys {
		name, ok := k.(string)
		if !ok {
			return fmt.Errorf("%w: key %d is not a string but %s", ErrNotStateDict, i, article(typeName(k)))
		}
		t, ok := d.vals[i].(*Tensor)
		if !ok {
			return fmt.Errorf("%w: entry %q is not a tensor but %s", ErrNotStateDict, name, article(typeName(d.vals[i])))
		}
		if _, dup := f.tensors[name]; dup {
			return fmt.Errorf("%w: key %q appears twice", ErrCorrupt, name)
		}
		f.tensors[name] = t
		f.names = append(f.names, name)
	}
	return nil
}
