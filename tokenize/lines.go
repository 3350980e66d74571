package tokenize

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// MaxLineBytes bounds one line for TokenizeLines: memory is a few times
// the line, and MeCab refuses far shorter pieces (mecab.MaxBytes).
const MaxLineBytes = 64 << 20

// Line is one input line and its tokens.
type Line struct {
	N      int    // 1-based line number
	Text   string // without its "\n" (or "\r\n")
	Tokens []Token
}

// TokenizeLines tokenizes every line of r on all cores and calls emit with
// each, in input order. It stops at the first error: emit's, or a line's
// (which names the line number); an empty line has no tokens.
func (t *Tokenizer) TokenizeLines(r io.Reader, emit func(Line) error) error {
	// A batch is at most 256 lines or 4 MiB of text (one long line is a
	// batch of its own): with 2 batches per core in flight, memory stays
	// bounded whatever the lines.
	const batch, batchBytes = 256, 4 << 20
	type job struct {
		lines []Line
		err   error
		done  chan struct{}
	}
	jobs := make(chan *job)
	order := make(chan *job, runtime.GOMAXPROCS(0)*2)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.lines {
					l := &j.lines[i]
					if l.Tokens, j.err = t.Tokenize(l.Text); j.err != nil {
						j.err = fmt.Errorf("line %d: %w", l.N, j.err)
						j.lines = j.lines[:i]
						break
					}
				}
				close(j.done)
			}
		}()
	}
	stop := make(chan struct{})
	var readErr error
	go func() { // reader: cut batches, hand them out in order
		defer close(order)
		defer close(jobs)
		br := bufio.NewReaderSize(r, 1<<16)
		n := 0
		for {
			j := &job{done: make(chan struct{})}
			size := 0
			for len(j.lines) < batch && size < batchBytes {
				s, err := readLine(br)
				if err == io.EOF {
					break
				}
				n++
				if err != nil {
					readErr = fmt.Errorf("line %d: %w", n, err)
					break
				}
				j.lines = append(j.lines, Line{N: n, Text: s})
				size += len(s)
			}
			if len(j.lines) == 0 {
				return
			}
			select {
			case order <- j:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				close(j.done)
				return
			}
			if readErr != nil {
				return
			}
		}
	}()
	var err error
	for j := range order {
		<-j.done
		if err != nil {
			continue
		}
		for _, l := range j.lines {
			if err = emit(l); err != nil {
				break
			}
		}
		if err == nil && j.err != nil {
			err = j.err
		}
		if err != nil {
			close(stop)
		}
	}
	wg.Wait()
	if err == nil {
		err = readErr
	}
	return err
}

// ErrLineTooLong reports a line longer than MaxLineBytes.
var ErrLineTooLong = errors.New("tokenize: line too long")

// readLine returns the next line without "\n" or "\r\n"; io.EOF after the
// last. A final line without "\n" counts.
func readLine(br *bufio.Reader) (string, error) {
	var sb strings.Builder
	for {
		frag, err := br.ReadSlice('\n')
		if sb.Len()+len(frag) > MaxLineBytes+2 {
			return "", fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, MaxLineBytes)
		}
		sb.Write(frag)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && sb.Len() > 0 {
			break
		}
		if err != nil {
			return "", err
		}
		break
	}
	s := strings.TrimSuffix(sb.String(), "\n")
	return strings.TrimSuffix(s, "\r"), nil
}
