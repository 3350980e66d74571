package hub

import (
	"errors"
	"fmt"
)

// Sentinel errors; every error the package returns wraps one of these (or
// a context or file-system error), so callers branch with errors.Is.
var (
	ErrBadID            = errors.New("not a Hub model id (want ORG/NAME or ORG/NAME@REVISION)")
	ErrRepoNotFound     = errors.New("repository not found")
	ErrRevisionNotFound = errors.New("revision not found")
	ErrEntryNotFound    = errors.New("file not found in the repository")
	ErrGated            = errors.New("gated repository")
	ErrUnauthorized     = errors.New("not authorized")
	ErrOffline          = errors.New("offline")
	ErrNotCached        = errors.New("not in the cache")
	ErrIntegrity        = errors.New("integrity check failed")
	ErrProtocol         = errors.New("unexpected answer from the Hub")
	ErrServer           = errors.New("server error from the Hub")
)

// HTTPError is an error status from the Hub or its CDN. Its Unwrap names
// the sentinel that X-Error-Code (or the status) maps to.
type HTTPError struct {
	Status  int    // HTTP status
	Code    string // X-Error-Code, as huggingface_hub reads it
	Message string // X-Error-Message or the body's "error"
	URL     string
	Repo    string // the id asked for
	Authed  bool   // whether a token was sent
	kind    error
}

func (e *HTTPError) Unwrap() error { return e.kind }

func (e *HTTPError) Error() string {
	var s string
	switch e.kind {
	case ErrGated:
		s = fmt.Sprintf("%s is gated: accept its conditions on the model page, then set HF_TOKEN to a token of that account", e.Repo)
	case ErrRepoNotFound:
		s = fmt.Sprintf("%s: repository not found (if it is private or gated, set HF_TOKEN to a token that can read it)", e.Repo)
	case ErrUnauthorized:
		if e.Authed {
			s = fmt.Sprintf("%s: the Hub refused the token in HF_TOKEN (HTTP %d)", e.Repo, e.Status)
		} else {
			s = fmt.Sprintf("%s: not authorized (HTTP %d): the repository is private or gated; set HF_TOKEN", e.Repo, e.Status)
		}
	case ErrRevisionNotFound:
		s = fmt.Sprintf("%s: revision not found", e.Repo)
	case ErrEntryNotFound:
		s = fmt.Sprintf("%s: file not found", e.Repo)
	default:
		s = fmt.Sprintf("%s: HTTP %d from %s", e.Repo, e.Status, e.URL)
	}
	if e.Message != "" && e.kind != ErrGated {
		s += ": " + e.Message
	}
	return s
}

// kindOf maps a status and X-Error-Code to a sentinel, as
// huggingface_hub's hf_raise_for_status does.
func kindOf(status int, code string) error {
	switch code {
	case "RepoNotFound":
		return ErrRepoNotFound
	case "RevisionNotFound":
		return ErrRevisionNotFound
	case "EntryNotFound":
		return ErrEntryNotFound
	case "GatedRepo":
		return ErrGated
	}
	switch {
	case status == 401 || status == 403:
		return ErrUnauthorized
	case status == 404:
		return ErrEntryNotFound
	case status >= 500 || status == 429:
		return ErrServer
	}
	return ErrProtocol
}
