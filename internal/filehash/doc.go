// Package filehash is the one place bertvec takes a file's sha256: extract
// records the weight file's in meta.json, the Hub client checks each LFS
// blob's against its ETag, and vecdir's Verify checks a vectors directory
// against meta.json.
//
// SHA256 opens the file itself; Sum hashes what a reader yields, for a
// caller that must open the file its own way first (vecdir refuses links
// and pipes). Short is the form a digest takes in messages (12 hex digits),
// so that every "sha256 … now …" reads alike.
package filehash
