package hub

import "time"

// EventKind says what happened to a file.
type EventKind int

const (
	// EventCached: the file is already in the cache; nothing to download.
	EventCached EventKind = iota
	// EventStart: a download begins; Done is what an earlier, interrupted
	// download left in the .incomplete file.
	EventStart
	// EventProgress: Done bytes of Size are on disk.
	EventProgress
	// EventRetry: attempt Attempt failed with Err; the next begins after
	// Wait, resuming from Done bytes (0 when the server ignored Range).
	EventRetry
	// EventWaiting: another process holds the blob's lock and is
	// downloading it.
	EventWaiting
	// EventVerify: the bytes are all there; their size and hash are being
	// checked.
	EventVerify
	// EventDone: the file is in the cache under its final name.
	EventDone
)

// Event reports progress on one file of a snapshot.
type Event struct {
	Kind    EventKind
	File    string // path inside the repo, "config.json"
	Size    int64  // expected size; 0 when not yet known
	Done    int64
	Attempt int
	Wait    time.Duration
	Err     error
}
