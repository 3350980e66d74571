package model

import "github.com/bertvec/bertvec/internal/filehash"

// FileSHA256 returns the hex sha256 of a file: extract records the weight
// file's, so that a resumed run can prove it uses the same model. The one
// implementation is internal/filehash, shared with the Hub client.
func FileSHA256(path string) (string, error) { return filehash.SHA256(path) }
