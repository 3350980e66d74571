//go:build !unix

package regfile

// Neither flag exists here; with NoFollow the Lstat check before the open
// still refuses a link that is already there.
const (
	nonBlock = 0
	noFollow = 0
)

func isLoop(error) bool { return false }
