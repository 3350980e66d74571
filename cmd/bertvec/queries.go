package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/search"
)

// stdin is what "-" reads; tests replace it.
var stdin io.Reader = os.Stdin

const (
	// queryBatch is the most queries answered together: enough to share
	// passes over the rows (search batches 64 at a time), few enough that
	// memory stays bounded (queryBatch × k results) whatever the input.
	queryBatch = 256
	// maxQueryLine bounds one line of --queries.
	maxQueryLine = 1 << 20
)

// analogyFile answers the expressions of a file (- for stdin) as they
// arrive: lines are read in the background and answered in batches of
// what has arrived, up to queryBatch, each batch written and flushed
// before the next, so `yes ... | bertvec analogy --queries -` streams and
// an interactive user gets each answer at once. Any failed line makes the
// exit status 1, and the error says how many lines were answered.
func analogyFile(s *search.Store, path string, opt search.Options, stdout, stderr io.Writer) error {
	r := stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return err
		}
		defer fh.Close()
		r = fh
	}
	lines, readErr := readQueryLines(r)
	w := bufio.NewWriter(stdout)
	answered, failed := 0, 0
	for batch := range batches(lines) {
		for _, out := range s.AnswerAll(batch, opt) {
			printNotes(stderr, out.Notes)
			if err := writeJSONLine(w, out); err != nil {
				// Not expected (search.Result writes non-finite
				// floats as strings), but one bad answer must not
				// end the stream.
				out = search.QueryAnswer{Query: out.Query, Error: fmt.Sprintf("cannot write the answer: %v", err)}
				if err := writeJSONLine(w, out); err != nil {
					return err
				}
			}
			answered++
			if out.Error != "" {
				failed++
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("read %s: %w (answered the %d queries before it, %d failed)", path, err, answered, failed)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d queries failed (see their \"error\" fields)", failed, answered)
	}
	return nil
}

// readQueryLines sends the queries of r, one a line, trimmed, from a
// goroutine; the channel closes at the end, and then the error channel
// says why (nil at EOF). Blank lines and "#" comments are skipped; "##…"
// begins a WordPiece piece, so it is a query.
func readQueryLines(r io.Reader) (<-chan string, <-chan error) {
	lines := make(chan string, queryBatch)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), maxQueryLine)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "##") {
				continue
			}
			lines <- line
		}
		if err := sc.Err(); err != nil {
			errc <- fmt.Errorf("line %d: %w (the limit is %d bytes a line)", n+1, err, maxQueryLine)
			return
		}
		errc <- nil
	}()
	return lines, errc
}

// batches groups lines: each batch is what has arrived, at least one line
// and at most queryBatch.
func batches(lines <-chan string) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		for first := range lines {
			batch := []string{first}
		more:
			for len(batch) < queryBatch {
				select {
				case l, ok := <-lines:
					if !ok {
						break more
					}
					batch = append(batch, l)
				default:
					break more
				}
			}
			if !yield(batch) {
				return
			}
		}
	}
}
