package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/bertvec/bertvec/internal/filehash"
)

var errStall = errors.New("stalled")

// fetchBlob downloads m into incomplete (resuming what is there), checks
// it and renames it to blob. The caller holds the blob's lock.
func (c *Client) fetchBlob(ctx context.Context, r Ref, file string, m fileMeta, incomplete, blob string) error {
	f, err := os.OpenFile(incomplete, os.O_RDWR|os.O_CREATE|noFollow, 0o666)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	have := fi.Size()
	if have > m.size { // not the file we expect: start over
		have = 0
	}
	c.report(Event{Kind: EventStart, File: file, Size: m.size, Done: have})
	err = c.retry(ctx, file, func(ctx context.Context) error {
		n, err := c.getRange(ctx, r, file, m, f, have)
		have = n
		return err
	})
	if err != nil {
		return err // the .incomplete stays, for the next run to resume
	}
	c.report(Event{Kind: EventVerify, File: file, Size: m.size, Done: have})
	if err := f.Sync(); err != nil {
		return err
	}
	if err := verify(incomplete, file, m); err != nil {
		f.Close()
		os.Remove(incomplete)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(incomplete, blob)
}

// getRange GETs the file from byte have on and appends it to f; it
// returns how many bytes f now holds. A server that answers 200 to a Range
// request sends the whole file, so f starts over.
func (c *Client) getRange(ctx context.Context, r Ref, file string, m fileMeta, f *os.File, have int64) (int64, error) {
	if have == m.size {
		return have, f.Truncate(have)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// A stall (no byte for downloadTimeout) cancels the request; each read
	// that brings data pushes the deadline back, as requests' read timeout.
	stall := time.AfterFunc(c.downloadTimeout, func() { cancel(errStall) })
	defer stall.Stop()
	hdr := http.Header{}
	if have > 0 {
		hdr.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	resp, err := c.do(ctx, http.MethodGet, m.location.String(), hdr)
	if err != nil {
		return have, c.bodyError(ctx, file, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0:
		if start, ok := rangeStart(resp.Header.Get("Content-Range")); !ok || start != have {
			return 0, c.restart(f, fmt.Errorf("%s: asked for bytes %d-, got Content-Range %q", file, have, resp.Header.Get("Content-Range")))
		}
	case resp.StatusCode == http.StatusOK:
		have = 0 // the whole file, whatever was asked
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return 0, c.restart(f, fmt.Errorf("%s: server cannot resume at byte %d", file, have))
	case resp.StatusCode >= 300:
		return have, c.statusError(r, resp)
	default:
		return have, fmt.Errorf("%s: unexpected HTTP %d: %w", file, resp.StatusCode, ErrProtocol)
	}
	if err := f.Truncate(have); err != nil {
		return have, err
	}
	if _, err := f.Seek(have, io.SeekStart); err != nil {
		return have, err
	}
	// Read at most one byte more than the file can hold: a longer body is
	// an error, never a bigger blob.
	body := &progressReader{r: io.LimitReader(resp.Body, m.size-have+1), stall: stall, d: c.downloadTimeout,
		report: c.report, ev: Event{Kind: EventProgress, File: file, Size: m.size, Done: have}}
	n, err := io.Copy(f, body)
	have += n
	if have > m.size {
		return 0, c.restart(f, fmt.Errorf("%s: the server sent more than the %d bytes announced: %w", file, m.size, ErrIntegrity))
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return have, err // a local write error: not the network's
		}
		return have, c.bodyError(ctx, file, err)
	}
	if have < m.size {
		return have, &retryable{fmt.Errorf("%s: connection closed at byte %d of %d", file, have, m.size)}
	}
	return have, nil
}

// restart empties the partial file and says the download starts over.
func (c *Client) restart(f *os.File, err error) error {
	if terr := f.Truncate(0); terr != nil {
		return terr
	}
	if errors.Is(err, ErrIntegrity) {
		return err
	}
	return &retryable{err}
}

func (c *Client) bodyError(ctx context.Context, file string, err error) error {
	if context.Cause(ctx) == errStall {
		return &retryable{fmt.Errorf("%s: no data for %v (HF_HUB_DOWNLOAD_TIMEOUT)", file, c.downloadTimeout)}
	}
	return &retryable{fmt.Errorf("%s: %w", file, err)}
}

// rangeStart parses "bytes START-END/TOTAL".
func rangeStart(cr string) (int64, bool) {
	rest, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return 0, false
	}
	s, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// progressReader reports bytes as they arrive and pushes back the stall
// deadline.
type progressReader struct {
	r      io.Reader
	stall  *time.Timer
	d      time.Duration
	report func(Event)
	ev     Event
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.stall.Reset(p.d)
		p.ev.Done += int64(n)
		p.report(p.ev)
	}
	return n, err
}

// verify checks a finished download: its size, and its content against the
// etag: an LFS file's etag is its sha256, a git file's its git blob sha1.
func verify(path, file string, m fileMeta) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Size() != m.size {
		return fmt.Errorf("%s: %d bytes, expected %d: %w", file, fi.Size(), m.size, ErrIntegrity)
	}
	var got string
	switch {
	case sha256RE.MatchString(m.etag):
		got, err = filehash.SHA256(path)
	case commitRE.MatchString(m.etag):
		got, err = gitBlobSHA1(path, fi.Size())
	default:
		return nil // a mirror's opaque etag: the size is all we can check
	}
	if err != nil {
		return err
	}
	if got != m.etag {
		return fmt.Errorf("%s: content hash %s, expected %s (the download is corrupt and was deleted): %w", file, got, m.etag, ErrIntegrity)
	}
	return nil
}
