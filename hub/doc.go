// Package hub downloads BERT checkpoints from the Hugging Face Hub into the
// cache that Python's huggingface_hub uses, so that a model either side
// downloaded is used by the other as it is, offline included. It follows
// huggingface_hub's file_download.py and snapshot_download; where this
// package does more (hash checks, Range resume that survives a CDN which
// ignores Range) it says so below. Pure Go: CGO_ENABLED=0 builds and tests.
//
// # Names
//
// A model is ORG/NAME[@REVISION] (ParseRef); the revision is a branch, a
// tag or a 40-hex commit, "main" by default. Ids follow huggingface_hub's
// validate_repo_id (no "--", no "..", 96 characters at most); a revision may
// not escape refs/ as a path.
//
// # Protocol
//
//  1. GET {endpoint}/api/models/{id}/revision/{rev} lists the files
//     ("siblings") and gives the commit ("sha"). The files taken are
//     config.json and vocab.txt (required), tokenizer_config.json and
//     special_tokens_map.json when present, and one weight format:
//     model.safetensors, else its index and shards, else pytorch_model.bin,
//     else its index and shards (WithWeights narrows the choice). Shards
//     named by an index must be plain file names the listing has.
//  2. For each file, HEAD {endpoint}/{id}/resolve/{commit}/{file}, pinned to
//     the commit so that every file comes from one snapshot, with
//     Accept-Encoding: identity. Relative redirects are followed (a renamed
//     repo, cl-tohoku/... -> tohoku-nlp/..., answers 307 with a path);
//     absolute ones are not: an LFS file answers 302 to its CDN location.
//     The answer gives X-Repo-Commit, the etag (X-Linked-Etag, else ETag,
//     with W/ and quotes stripped as _normalize_etag does) and the size
//     (X-Linked-Size, else Content-Length). All three are required.
//  3. GET the location. The token (Authorization: Bearer) goes only to the
//     endpoint's own scheme and host, never to the CDN, whose URL is signed.
//  4. Errors: X-Error-Code RepoNotFound, RevisionNotFound, EntryNotFound and
//     GatedRepo, and 401/403 without a code, map to ErrRepoNotFound,
//     ErrRevisionNotFound, ErrEntryNotFound, ErrGated and ErrUnauthorized,
//     each one line that says to set HF_TOKEN where a token would help.
//
// # Cache layout
//
// Exactly huggingface_hub's, under HF_HUB_CACHE (default $HF_HOME/hub,
// HF_HOME defaulting to $XDG_CACHE_HOME/huggingface, then
// ~/.cache/huggingface):
//
//	models--ORG--NAME/                   named after the id asked for, even when redirected
//	  blobs/<etag>                       git-sha1 for git files, sha256 for LFS files
//	  blobs/<etag>.incomplete            a download in progress or interrupted
//	  snapshots/<commit>/<file>          symlink ../../blobs/<etag> (relative, as Python's)
//	  refs/<revision>                    the commit, no newline; not written for a commit
//	  .no_exist/<commit>/<file>          an optional file the repo lacks at that commit
//	.locks/models--ORG--NAME/<etag>.lock flock'ed while the blob is fetched
//
// Reading a cache, a snapshot entry counts when it is a regular file or a
// symlink that stays inside the repo's blobs/ and resolves to a regular
// file; a symlink elsewhere is ErrIntegrity, never followed.
//
// # Cache first
//
// Resolve answers from the cache, with no network call, when the snapshot
// that refs/<revision> (or the commit itself) names is complete: the
// required files, a complete weight format, and each optional file present
// or recorded in .no_exist. That is how a model Python downloaded is used
// as it is. Otherwise Resolve is Download, which always asks the Hub which
// commit the revision is now, and fetches only what the cache lacks (a
// blob already there is linked, not downloaded). With WithOffline
// (HF_HUB_OFFLINE=1) there is no network at all: the required files are
// enough, and a miss is ErrOffline naming what is missing.
//
// # Integrity
//
// A blob is written as blobs/<etag>.incomplete and renamed into place only
// after its size is the announced size and its hash is its etag (sha256
// for an LFS file; git's blob sha1, "blob <size>\0"+bytes, for a git file;
// Python checks the size only). A wrong hash deletes the file and is
// ErrIntegrity naming it. A cut connection, a stall longer than the
// download timeout, a 5xx or 429 is retried, 5 tries in all by default with
// doubling waits from 1 s (huggingface_hub's http_backoff); each retry
// resumes with Range: bytes=N-. A server that answers 200 to a Range
// request sends the whole file, so the partial file starts over (Python
// would append it). A process killed mid-download leaves the .incomplete
// file, which the next run resumes. The blob's lock is the same flock that
// Python's filelock takes on the same file, so two bertvec processes, or
// bertvec and Python, never write one blob at once: the second waits
// (EventWaiting), then finds the blob and links it.
//
// # Environment
//
// FromEnv reads HF_ENDPOINT, HF_HOME, HF_HUB_CACHE, XDG_CACHE_HOME,
// HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the file $HF_HOME/token,
// HF_HUB_OFFLINE (1, ON, YES or TRUE), HF_HUB_ETAG_TIMEOUT (seconds to wait
// for metadata) and HF_HUB_DOWNLOAD_TIMEOUT (seconds without data before a
// download is retried), both 10 by default. They are declared in
// internal/env with bertvec's own variables.
//
// # Progress
//
// WithProgress receives an Event per step of each file (cached, start,
// bytes, retry, waiting, verify, done); presenting them is the caller's.
//
// Package hubtest is a fake Hub with the faults above, for tests.
package hub
