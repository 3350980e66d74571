package pipeline

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// recordSize is the size of one done-log record: the batch index and a
// CRC-32 of it, both little-endian uint32. The CRC tells a record from
// the zeros or garbage a power loss can leave at the end of the log.
const recordSize = 8

func putRecord(dst []byte, batch int) {
	binary.LittleEndian.PutUint32(dst[0:4], uint32(batch))
	binary.LittleEndian.PutUint32(dst[4:8], crc32.ChecksumIEEE(dst[0:4]))
}

// parseDoneLog reads records up to the first bad one (torn, wrong CRC,
// index out of range): everything after it was never acknowledged by an
// fsync. It returns which batches are done and the length of the good
// prefix.
func parseDoneLog(data []byte, batches int) (done []bool, good int) {
	done = make([]bool, batches)
	for ; good+recordSize <= len(data); good += recordSize {
		rec := data[good : good+recordSize]
		idx := binary.LittleEndian.Uint32(rec[0:4])
		if crc32.ChecksumIEEE(rec[0:4]) != binary.LittleEndian.Uint32(rec[4:8]) || int64(idx) >= int64(batches) {
			break
		}
		done[idx] = true
	}
	return done, good
}

// doneLog is the append-only list of durable batches of one kind.
type doneLog struct {
	f    file
	path string
	buf  []byte
}

// openDoneLog opens (creating if needed) the log at path, cuts off a torn
// tail so that new records follow the good ones, and returns the done set.
func openDoneLog(path string, batches int) (*doneLog, []bool, error) {
	f, err := openFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	l := &doneLog{f: f, path: path}
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	done, good := parseDoneLog(data, batches)
	if good != len(data) {
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, nil, err
	}
	return l, done, nil
}

// end returns the log's length, where the next record goes.
func (l *doneLog) end() (int64, error) {
	st, err := l.f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// add appends batches and fsyncs: when it returns nil they are durable.
func (l *doneLog) add(batches []int) error {
	if len(batches) == 0 {
		return nil
	}
	l.buf = l.buf[:0]
	for _, b := range batches {
		var rec [recordSize]byte
		putRecord(rec[:], b)
		l.buf = append(l.buf, rec[:]...)
	}
	off, err := l.end()
	if err == nil {
		_, err = l.f.WriteAt(l.buf, off)
	}
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("record progress: %w", err)
	}
	return nil
}

func (l *doneLog) close() error { return l.f.Close() }
