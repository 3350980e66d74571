package pipeline

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"github.com/bertvec/bertvec/internal/npy"
)

// partial is a kind's .npy while it is being filled: the full-size file
// (header, then rows*cols zero float32) under a .partial name, written
// row by row at each row's offset.
type partial struct {
	f          file
	path       string
	dataOff    int64
	rows, cols int
	scratch    []byte
}

func (p *partial) size() int64 { return p.dataOff + int64(p.rows)*int64(p.cols)*4 }

// createPartial makes a fresh partial file and makes its existence and
// size durable before any row is recorded as done.
func createPartial(path string, rows, cols int) (*partial, error) {
	hdr := npy.Header(rows, cols)
	if err := removeIfExists(path); err != nil {
		return nil, err
	}
	f, err := openFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	p := &partial{f: f, path: path, dataOff: int64(len(hdr)), rows: rows, cols: cols}
	if err := preallocate(f, p.size()); err != nil {
		p.abandon()
		return nil, fmt.Errorf("allocate %d bytes for %s: %w", p.size(), path, err)
	}
	if _, err := f.WriteAt(hdr, 0); err != nil {
		p.abandon()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		p.abandon()
		return nil, err
	}
	return p, nil
}

// openPartial reopens the partial file of an interrupted run and checks
// that its header and size are what the run would have made.
func openPartial(path string, rows, cols int) (*partial, error) {
	hdr := npy.Header(rows, cols)
	f, err := openFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, corrupt("%v", err)
	}
	p := &partial{f: f, path: path, dataOff: int64(len(hdr)), rows: rows, cols: cols}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, corrupt("%v", err)
	}
	got := make([]byte, len(hdr))
	if _, err := f.ReadAt(got, 0); err != nil || st.Size() != p.size() || !bytes.Equal(got, hdr) {
		f.Close()
		return nil, corrupt("%s is not a %dx%d partial file", path, rows, cols)
	}
	return p, nil
}

// writeRows puts data (whole rows) at row first.
func (p *partial) writeRows(first int, data []float32) error {
	n := len(data) * 4
	if cap(p.scratch) < n {
		p.scratch = make([]byte, n)
	}
	buf := p.scratch[:n]
	for i, v := range data {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	off := p.dataOff + int64(first)*int64(p.cols)*4
	_, err := p.f.WriteAt(buf, off)
	return err
}

func (p *partial) sync() error { return p.f.Sync() }

// finish makes the partial file the finished file at final: fsync,
// rename, fsync dir.
func (p *partial) finish(final string) error { return publish(p.f, p.path, final) }

// abandon closes the file and removes it; used when it was never usable.
func (p *partial) abandon() {
	p.f.Close()
	os.Remove(p.path)
}

func (p *partial) close() error { return p.f.Close() }
