// Package hubtest is a fake Hugging Face Hub for tests: an httptest server
// that answers as huggingface.co does (resolve/ HEAD and GET with
// X-Repo-Commit and git-sha1 ETags, LFS files by a 302 to a second "CDN"
// host with X-Linked-Etag and X-Linked-Size, relative 307s for renamed
// repos, /api/models/{id}/revision/{rev} listings, X-Error-Code errors, a
// gated repo), plus the faults a real network has: cut connections, a CDN
// that ignores Range, corrupt bodies, stalls, 503s.
package hubtest
