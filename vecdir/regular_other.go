//go:build !unix

package vecdir

// noFollow is empty where O_NOFOLLOW is missing; the Lstat check before
// the open still refuses a link that is already there.
const noFollow = 0

func isLoop(error) bool { return false }
