// Package regfile opens and reads the files a user or a stranger hands
// bertvec (a checkpoint's config.json, vocab.txt, weights) as regular
// files only, with a bound on what is read.
//
// A named pipe would hang a plain open or read forever, and a device such
// as /dev/zero would be read until memory runs out. Open therefore opens
// without blocking (O_NONBLOCK, which changes nothing for a regular file)
// and refuses anything whose opened descriptor is not a regular file;
// ReadFile also refuses a file longer than its caller's limit. A symbolic
// link is followed: a Hugging Face cache snapshot is made of links to
// blobs. (Files bertvec writes are vecdir's concern: it refuses links.)
package regfile
