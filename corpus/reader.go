package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"unicode/utf8"

	"github.com/bertvec/bertvec/internal/regfile"
)

// MaxLine bounds one line, so that a file without newlines cannot make
// the reader allocate without limit.
const MaxLine = 8 << 20

// ErrCorpus reports a corpus that cannot be read as UTF-8 text. Errors
// wrap it and name the path and line.
var ErrCorpus = errors.New("bad corpus")

// Line is one line of the corpus without its line ending.
type Line struct {
	Number int64 // from 0, blank lines included
	Text   string
}

// Stats is what has been read so far; after io.EOF it describes the whole
// corpus.
type Stats struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"` // as stored (compressed for .gz)
	Lines int64  `json:"lines"`
	// SHA256 is the hex digest of the bytes as stored; set at io.EOF.
	SHA256 string `json:"sha256"`
	Gzip   bool   `json:"gzip,omitempty"`
}

// Reader reads a corpus line by line.
type Reader struct {
	path   string
	close  func() error
	raw    *countHash
	text   hash.Hash // of the decompressed text, for Prefix
	br     *bufio.Reader
	line   int64
	gz     bool
	done   bool
	digest string
}

// Open opens the corpus at path ("-" for stdin).
func Open(path string, stdin io.Reader) (*Reader, error) {
	var src io.Reader
	closer := func() error { return nil }
	if path == "-" {
		src = stdin
	} else {
		// regfile.Open: os.Open would wait for a writer on a named pipe
		// before the regular-file check could refuse it.
		f, err := regfile.Open(path)
		if errors.Is(err, regfile.ErrNotRegular) {
			if st, serr := os.Stat(path); serr == nil {
				err = fmt.Errorf("%s is not a regular file (%s)", path, kindOf(st.Mode()))
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCorpus, err)
		}
		src, closer = f, f.Close
	}
	r := &Reader{path: path, close: closer, raw: &countHash{r: src, h: sha256.New()}, text: sha256.New()}
	in := bufio.NewReaderSize(r.raw, 64<<10)
	if magic, _ := in.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(in)
		if err != nil {
			closer()
			return nil, fmt.Errorf("%w: %s: gzip: %w", ErrCorpus, path, err)
		}
		r.gz = true
		r.br = bufio.NewReaderSize(zr, 64<<10)
	} else {
		r.br = in
	}
	return r, nil
}

func kindOf(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe; use - and redirect it"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return m.String()
}

// Close closes the file.
func (r *Reader) Close() error { return r.close() }

// Next returns the next line, or io.EOF after the last.
func (r *Reader) Next() (Line, error) {
	if r.done {
		return Line{}, io.EOF
	}
	b, err := r.readLine()
	if err == io.EOF && len(b) == 0 {
		return Line{}, r.finish()
	}
	if err != nil && err != io.EOF {
		return Line{}, fmt.Errorf("%w: %s: line %d: %w", ErrCorpus, r.path, r.line+1, err)
	}
	r.text.Write(b)
	b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	n := r.line
	r.line++
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return Line{}, fmt.Errorf("%w: %s: line %d has a NUL byte at column %d: a binary file, not text", ErrCorpus, r.path, n+1, i+1)
	}
	if !utf8.Valid(b) {
		return Line{}, fmt.Errorf("%w: %s: line %d is not valid UTF-8 (at byte %d)", ErrCorpus, r.path, n+1, invalidAt(b)+1)
	}
	return Line{Number: n, Text: string(b)}, nil
}

// readLine reads up to and including '\n', at most MaxLine bytes.
func (r *Reader) readLine() ([]byte, error) {
	var line []byte
	for {
		frag, err := r.br.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > MaxLine {
			return nil, fmt.Errorf("longer than %d MiB: not a text corpus of lines", MaxLine>>20)
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// finish drains the raw stream (a gzip trailer, concatenated members
// already read) so the digest covers every byte.
func (r *Reader) finish() error {
	if _, err := io.Copy(io.Discard, r.raw); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorpus, r.path, err)
	}
	r.done = true
	r.digest = hex.EncodeToString(r.raw.h.Sum(nil))
	return io.EOF
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		c, n := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Stats reports what has been read.
func (r *Reader) Stats() Stats {
	return Stats{Path: r.path, Bytes: r.raw.n, Lines: r.line, SHA256: r.digest, Gzip: r.gz}
}

// Prefix is the hex SHA-256 of the text of the lines read so far, line
// endings included: a resumed run compares it with the interrupted run's
// to know it skipped the same lines.
func (r *Reader) Prefix() string { return hex.EncodeToString(r.text.Sum(nil)) }

// countHash counts and hashes the bytes read through it.
type countHash struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (c *countHash) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// Digest reads the corpus at path ("-": stdin) to its end without
// decoding its lines and returns what Stats().SHA256 is after a full
// read: the SHA-256 of its bytes as stored. A resumed run compares it with
// the digest meta.json recorded. Reading stdin consumes it.
func Digest(path string, stdin io.Reader) (string, error) {
	r, err := Open(path, stdin)
	if err != nil {
		return "", err
	}
	defer r.Close()
	if err := r.finish(); err != io.EOF {
		return "", err
	}
	return r.digest, nil
}
