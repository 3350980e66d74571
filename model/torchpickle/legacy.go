package torchpickle

import (
	"encoding/binary"
	"fmt"
	"io"
)

// legacyMagic is the LONG1 payload of the legacy format's first pickle,
// 0x1950a86a20f9469cfc6c little-endian.
const legacyMagic = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"

// legacyProtocol is the protocol version the legacy format writes.
const legacyProtocol = 1001

// openLegacy reads the five pickles of a legacy file and locates each
// storage's bytes, checking that they lie inside the file.
func (f *File) openLegacy() (any, error) {
	pos := int64(0)
	next := func(what string, persistent func(any) (any, error)) (any, error) {
		v, n, err := unpickle(io.NewSectionReader(f.r, pos, f.size-pos), f.size-pos, persistent)
		if err != nil {
			return nil, fmt.Errorf("legacy %s pickle at byte %d: %w", what, pos, err)
		}
		pos += n
		return v, nil
	}
	magic, err := next("magic number", nil)
	if err != nil {
		return nil, err
	}
	if magic != bigInt(legacyMagic) {
		return nil, fmt.Errorf("%w: not a torch.save file (no magic number)", ErrCorrupt)
	}
	if v, err := next("protocol", nil); err != nil {
		return nil, err
	} else if v != int64(legacyProtocol) {
		return nil, fmt.Errorf("%w: legacy protocol %v (want %d)", ErrUnsupported, v, legacyProtocol)
	}
	info, err := next("sys_info", nil)
	if err != nil {
		return nil, err
	}
	if d, ok := info.(*dict); ok {
		for i, k := range d.keys {
			if k == "little_endian" && d.vals[i] != true {
				return nil, fmt.Errorf("%w: storages are big-endian", ErrUnsupported)
			}
		}
	}
	seen := map[string]*Storage{}
	obj, err := next("object", func(pid any) (any, error) { return legacyStorage(pid, seen) })
	if err != nil {
		return nil, err
	}
	keys, err := next("storage keys", nil)
	if err != nil {
		return nil, err
	}
	if err := f.locate(keys, seen, pos); err != nil {
		return nil, err
	}
	return obj, nil
}

// legacyStorage resolves ('storage', type, key, location, numel, view).
func legacyStorage(pid any, seen map[string]*Storage) (any, error) {
	t, ok := pid.(tuple)
	if ok && len(t) > 0 && t[0] == "module" {
		return nil, fmt.Errorf("%w: the file holds a pickled module (torch.save(model)); save model.state_dict()", ErrNotStateDict)
	}
	if !ok || len(t) != 6 || t[0] != "storage" {
		return nil, fmt.Errorf("%w: persistent id %s, want ('storage', type, key, location, numel, view)", ErrCorrupt, typeName(pid))
	}
	if t[5] != nil {
		return nil, fmt.Errorf("%w: storage views (torch < 0.4)", ErrUnsupported)
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
	seen[s.Key] = s
	return s, nil
}

// locate walks the storages after the pickles: each is an 8-byte element
// count, which must match the pickle's, then its bytes, which must fit.
func (f *File) locate(keys any, seen map[string]*Storage, pos int64) error {
	l, ok := keys.(*list)
	if !ok {
		return fmt.Errorf("%w: storage keys are a %s, not a list", ErrCorrupt, typeName(keys))
	}
	f.offsets = make(map[string]int64, len(l.items))
	for _, k := range l.items {
		key, ok := k.(string)
		s := seen[key]
		if !ok || s == nil {
			return fmt.Errorf("%w: storage key %v is not used by the state dict", ErrCorrupt, k)
		}
		if _, dup := f.offsets[key]; dup {
			return fmt.Errorf("%w: storage %q listed twice", ErrCorrupt, key)
		}
		var b [8]byte
		if pos > f.size-8 {
			return fmt.Errorf("%w: storage %q should start at byte %d, the file has %d", ErrTruncated, key, pos, f.size)
		}
		if _, err := f.r.ReadAt(b[:], pos); err != nil {
			return fmt.Errorf("%w: storage %q at byte %d: %v", ErrTruncated, key, pos, err)
		}
		if n := int64(binary.LittleEndian.Uint64(b[:])); n != s.Numel {
			return fmt.Errorf("%w: storage %q has %d elements in the file, %d in the pickle", ErrCorrupt, key, n, s.Numel)
		}
		pos += 8
		if s.Bytes() > f.size-pos {
			return fmt.Errorf("%w: storage %q needs %d bytes at byte %d, the file has %d", ErrTruncated, key, s.Bytes(), pos, f.size)
		}
		f.offsets[key] = pos
		pos += s.Bytes()
	}
	for key := range seen {
		if _, ok := f.offsets[key]; !ok {
			return fmt.Errorf("%w: storage %q is not in the file", ErrTruncated, key)
		}
	}
	return nil
}
