package torchpickle

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// maxDeflateRatio bounds what DEFLATE can expand to: its longest match
// (258 bytes) costs at least 2 bits, so no stream grows more than 1032x.
const maxDeflateRatio = 1032

// checkRecord checks a zip record's method and declared sizes against the
// file before anything is read or allocated for it.
func checkRecord(zf *zip.File, size int64) error {
	switch zf.Method {
	case zip.Store:
		if zf.CompressedSize64 != zf.UncompressedSize64 {
			return fmt.Errorf("%w: record %s: stored with %d bytes but declares %d", ErrCorrupt, zf.Name, zf.CompressedSize64, zf.UncompressedSize64)
		}
	case zip.Deflate:
		if zf.UncompressedSize64/maxDeflateRatio > zf.CompressedSize64 {
			return fmt.Errorf("%w: record %s: %d compressed bytes cannot hold the %d it declares", ErrCorrupt, zf.Name, zf.CompressedSize64, zf.UncompressedSize64)
		}
	default:
		return fmt.Errorf("%w: record %s uses zip compression method %d (want stored or deflate)", ErrUnsupported, zf.Name, zf.Method)
	}
	off, err := zf.DataOffset()
	if err != nil {
		return fmt.Errorf("%w: record %s: local header: %v", ErrCorrupt, zf.Name, err)
	}
	if off < 0 || zf.CompressedSize64 > uint64(size-off) {
		return fmt.Errorf("%w: record %s: %d bytes at offset %d, but the file has %d", ErrTruncated, zf.Name, zf.CompressedSize64, off, size)
	}
	return nil
}

// record reads one zip record's uncompressed bytes, counting them and
// computing their CRC-32; finish checks both against the directory.
type record struct {
	zf   *zip.File
	r    io.Reader
	c    io.Closer
	crc  hash.Hash32
	n    uint64
	done bool
}

func openRecord(zf *zip.File) (*record, error) {
	raw, err := zf.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("%w: record %s: %v", ErrCorrupt, zf.Name, err)
	}
	rec := &record{zf: zf, r: raw, crc: crc32.NewIEEE()}
	if zf.Method == zip.Deflate {
		fr := flate.NewReader(raw)
		rec.r, rec.c = fr, fr
	}
	return rec, nil
}

func (r *record) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.crc.Write(p[:n])
	r.n += uint64(n)
	if r.n > r.zf.UncompressedSize64 {
		return n, fmt.Errorf("%w: record %s holds more than the %d bytes it declares", ErrCorrupt, r.zf.Name, r.zf.UncompressedSize64)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		err = r.fail(err)
	}
	return n, err
}

// fail turns a read error into one that names the record.
func (r *record) fail(err error) error {
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrTruncated) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: record %s ends after %d of its %d bytes", ErrTruncated, r.zf.Name, r.n, r.zf.UncompressedSize64)
	}
	return fmt.Errorf("%w: record %s at byte %d: %v", ErrCorrupt, r.zf.Name, r.n, err)
}

// finish reads what is left and checks the length and the CRC-32.
func (r *record) finish() error {
	if r.done {
		return nil
	}
	r.done = true
	if r.c != nil {
		defer r.c.Close()
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	if r.n != r.zf.UncompressedSize64 {
		return fmt.Errorf("%w: record %s ends after %d of its %d bytes", ErrTruncated, r.zf.Name, r.n, r.zf.UncompressedSize64)
	}
	if sum := r.crc.Sum32(); sum != r.zf.CRC32 {
		return fmt.Errorf("%w: record %s: CRC-32 %08x, the archive says %08x (the file is damaged)", ErrChecksum, r.zf.Name, sum, r.zf.CRC32)
	}
	return nil
}

// readFull is io.ReadFull with a truncation error that names the record.
func (r *record) readFull(p []byte) error {
	if _, err := io.ReadFull(r, p); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%w: record %s ends after %d of its %d bytes", ErrTruncated, r.zf.Name, r.n, r.zf.UncompressedSize64)
		}
		return err
	}
	return nil
}
