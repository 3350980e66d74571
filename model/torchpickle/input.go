package torchpickle

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// input is the pickle's byte stream with the number of bytes it may still
// use: nothing is allocated for a length before the length is known to fit.
type input struct {
	r    *bufio.Reader
	left int64 // bytes the pickle may still use
	pos  int64 // bytes consumed, for messages
}

func newInput(r io.Reader, limit int64) *input {
	return &input{r: bufio.NewReaderSize(r, 64<<10), left: limit}
}

// fits reports an error unless n more bytes can exist.
func (in *input) fits(n uint64, what string) error {
	if n > uint64(in.left) {
		return fmt.Errorf("%w: byte %d: %s of %d bytes, but only %d remain", ErrTruncated, in.pos, what, n, in.left)
	}
	return nil
}

func (in *input) eof(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: pickle ends at byte %d without STOP", ErrTruncated, in.pos)
	}
	return fmt.Errorf("byte %d: %w", in.pos, err)
}

func (in *input) byte() (byte, error) {
	if in.left < 1 {
		return 0, fmt.Errorf("%w: pickle ends at byte %d without STOP", ErrTruncated, in.pos)
	}
	b, err := in.r.ReadByte()
	if err != nil {
		return 0, in.eof(err)
	}
	in.left--
	in.pos++
	return b, nil
}

// take returns the next n bytes in a new slice.
func (in *input) take(n uint64, what string) ([]byte, error) {
	if err := in.fits(n, what); err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(in.r, b); err != nil {
		return nil, in.eof(err)
	}
	in.left -= int64(n)
	in.pos += int64(n)
	return b, nil
}

// fixed reads n ≤ 8 bytes into a scratch array.
func (in *input) fixed(n int) ([8]byte, error) {
	var a [8]byte
	if err := in.fits(uint64(n), "argument"); err != nil {
		return a, err
	}
	if _, err := io.ReadFull(in.r, a[:n]); err != nil {
		return a, in.eof(err)
	}
	in.left -= int64(n)
	in.pos += int64(n)
	return a, nil
}

func (in *input) u8() (uint64, error) {
	a, err := in.fixed(1)
	return uint64(a[0]), err
}

func (in *input) u16() (uint64, error) {
	a, err := in.fixed(2)
	return uint64(binary.LittleEndian.Uint16(a[:])), err
}

func (in *input) u32() (uint64, error) {
	a, err := in.fixed(4)
	return uint64(binary.LittleEndian.Uint32(a[:])), err
}

func (in *input) u64() (uint64, error) {
	a, err := in.fixed(8)
	return binary.LittleEndian.Uint64(a[:]), err
}

// line reads up to '\n' (GLOBAL's operands), at most max bytes.
func (in *input) line(max int) (string, error) {
	var b []byte
	for {
		c, err := in.byte()
		if err != nil {
			return "", err
		}
		if c == '\n' {
			return string(b), nil
		}
		if len(b) == max {
			return "", fmt.Errorf("%w: byte %d: GLOBAL operand longer than %d bytes", ErrCorrupt, in.pos, max)
		}
		b = append(b, c)
	}
}
