package hub

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultRevision is the branch asked for when a Ref names none.
const DefaultRevision = "main"

// Ref names a model on the Hub: ID is ORG/NAME, Revision a branch, tag or
// 40-hex commit.
type Ref struct {
	ID       string
	Revision string
}

// idPart is huggingface_hub's validate_repo_id alphabet for one side of
// the slash ("\w", "-", "."), restricted to ASCII.
var (
	idPart    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)
	commitRE  = regexp.MustCompile(`^[0-9a-f]{40}$`)
	sha256RE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	etagChars = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]*$`)
)

// ParseRef parses ORG/NAME or ORG/NAME@REVISION. It accepts only what
// huggingface_hub accepts as a repo id (no "--", no "..", at most 96
// characters), so that the cache folder name is unambiguous.
func ParseRef(s string) (Ref, error) {
	id, rev, hasRev := strings.Cut(s, "@")
	if !hasRev {
		rev = DefaultRevision
	}
	org, name, ok := strings.Cut(id, "/")
	if !ok || !idPart.MatchString(org) || !idPart.MatchString(name) ||
		strings.Contains(id, "--") || strings.Contains(id, "..") || len(id) > 96 ||
		strings.HasSuffix(org, ".") || strings.HasSuffix(name, ".") {
		return Ref{}, fmt.Errorf("%q: %w", s, ErrBadID)
	}
	if err := checkRevision(rev); err != nil {
		return Ref{}, fmt.Errorf("%q: %w", s, err)
	}
	return Ref{ID: id, Revision: rev}, nil
}

// checkRevision rejects a revision that could not be a git ref or that
// would escape refs/ as a path.
func checkRevision(rev string) error {
	if rev == "" || len(rev) > 255 || strings.ContainsAny(rev, "\\\x00 ~^:?*[") {
		return fmt.Errorf("bad revision %q: %w", rev, ErrBadID)
	}
	for _, part := range strings.Split(rev, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") {
			return fmt.Errorf("bad revision %q: %w", rev, ErrBadID)
		}
	}
	return nil
}

// String is ORG/NAME@REVISION.
func (r Ref) String() string { return r.ID + "@" + r.Revision }

// FolderName is the repo's folder in the cache, huggingface_hub's
// repo_folder_name: "models--ORG--NAME".
func (r Ref) FolderName() string {
	return "models--" + strings.ReplaceAll(r.ID, "/", "--")
}

// IsCommit reports whether rev is a full commit hash, which names a
// snapshot directly and needs no refs/ file.
func IsCommit(rev string) bool { return commitRE.MatchString(rev) }
