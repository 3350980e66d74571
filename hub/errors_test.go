package hub

import (
	"errors"
	"strings"
	"testing"
)

// Each status and X-Error-Code maps to one sentinel, as hf_raise_for_status
// does; a 401 with no code (a private repo, or a bad token) asks for
// HF_TOKEN or says the token was refused.
func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
		want   error
	}{
		{401, "RepoNotFound", ErrRepoNotFound}, {404, "RevisionNotFound", ErrRevisionNotFound},
		{404, "EntryNotFound", ErrEntryNotFound}, {401, "GatedRepo", ErrGated}, {403, "GatedRepo", ErrGated},
		{401, "", ErrUnauthorized}, {403, "", ErrUnauthorized}, {404, "", ErrEntryNotFound},
		{500, "", ErrServer}, {503, "", ErrServer}, {429, "", ErrServer}, {400, "", ErrProtocol},
	} {
		e := &HTTPError{Status: tc.status, Code: tc.code, Repo: "org/x@main", kind: kindOf(tc.status, tc.code)}
		if !errors.Is(e, tc.want) {
			t.Errorf("%d %q: %v, want %v", tc.status, tc.code, e.kind, tc.want)
		}
	}
	anon := &HTTPError{Status: 401, Repo: "org/x@main", kind: ErrUnauthorized}
	authed := &HTTPError{Status: 401, Repo: "org/x@main", Authed: true, kind: ErrUnauthorized}
	if !strings.Contains(anon.Error(), "set HF_TOKEN") || !strings.Contains(authed.Error(), "refused the token") {
		t.Errorf("messages: %q / %q", anon, authed)
	}
}
