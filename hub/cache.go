package hub

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/regfile"
)

// Cache is a huggingface_hub cache folder (HF_HUB_CACHE). Its layout, per
// repo, is exactly Python's (file_download.py):
//
//	models--ORG--NAME/blobs/<etag>              the bytes, named by git-sha1 or sha256
//	models--ORG--NAME/blobs/<etag>.incomplete   a download in progress
//	models--ORG--NAME/snapshots/<commit>/<file> -> ../../blobs/<etag>
//	models--ORG--NAME/refs/<revision>           the commit, no newline
//	models--ORG--NAME/.no_exist/<commit>/<file> the file is absent at that commit
//	.locks/models--ORG--NAME/<etag>.lock        flock held while a blob is fetched
type Cache struct{ Dir string }

// RepoDir is the repo's folder, named after the id asked for even when the
// Hub redirects to a new name (as Python names it).
func (c Cache) RepoDir(r Ref) string { return filepath.Join(c.Dir, r.FolderName()) }

// SnapshotDir is the folder holding commit's files.
func (c Cache) SnapshotDir(r Ref, commit string) string {
	return filepath.Join(c.RepoDir(r), "snapshots", commit)
}

func (c Cache) blobPath(r Ref, etag string) string {
	return filepath.Join(c.RepoDir(r), "blobs", etag)
}

func (c Cache) lockPath(r Ref, etag string) string {
	return filepath.Join(c.Dir, ".locks", r.FolderName(), etag+".lock")
}

func (c Cache) pointerPath(r Ref, commit, file string) string {
	return filepath.Join(c.SnapshotDir(r, commit), filepath.FromSlash(file))
}

// readRef returns the commit refs/<revision> holds, or "" when absent. A
// full commit hash is its own ref.
func (c Cache) readRef(r Ref) (string, error) {
	if IsCommit(r.Revision) {
		return r.Revision, nil
	}
	b, err := readSmall(filepath.Join(c.RepoDir(r), "refs", filepath.FromSlash(r.Revision)), 128)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	commit := strings.TrimSpace(string(b))
	if !IsCommit(commit) {
		return "", fmt.Errorf("%s: refs/%s holds %q, not a commit: %w", c.RepoDir(r), r.Revision, commit, ErrIntegrity)
	}
	return commit, nil
}

// writeRef records revision -> commit, only when it changed (as Python's
// _cache_commit_hash_for_specific_revision, which spares read-only caches).
func (c Cache) writeRef(r Ref, commit string) error {
	if r.Revision == commit {
		return nil
	}
	if old, err := c.readRef(r); err == nil && old == commit {
		return nil
	}
	p := filepath.Join(c.RepoDir(r), "refs", filepath.FromSlash(r.Revision))
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	return atomicfile.WriteBytes(p, []byte(commit))
}

// markAbsent records, as Python's .no_exist does, that file is not in
// the repo at commit, so that a later run knows the snapshot is complete
// without asking.
func (c Cache) markAbsent(r Ref, commit, file string) error {
	p := filepath.Join(c.RepoDir(r), ".no_exist", commit, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|noFollow, 0o666)
	if err != nil {
		return err
	}
	return f.Close()
}

func (c Cache) absent(r Ref, commit, file string) bool {
	fi, err := os.Lstat(filepath.Join(c.RepoDir(r), ".no_exist", commit, filepath.FromSlash(file)))
	return err == nil && fi.Mode().IsRegular()
}

// present reports whether the snapshot has file, as a symlink into this
// repo's blobs/ that resolves to a regular file (or, as Python writes on
// systems without symlinks, a regular file). A symlink that leads out of
// the repo folder is an integrity error: bertvec follows no stranger's links.
func (c Cache) present(r Ref, commit, file string) (bool, error) {
	p := c.pointerPath(r, commit, file)
	fi, err := os.Lstat(p)
	if err != nil {
		return false, nil
	}
	if fi.Mode().IsRegular() {
		return true, nil
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return false, nil
	}
	target, err := os.Readlink(p)
	if err != nil {
		return false, nil
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(p), target)
	}
	blobs := filepath.Join(c.RepoDir(r), "blobs") + string(filepath.Separator)
	if !strings.HasPrefix(filepath.Clean(target), blobs) {
		return false, fmt.Errorf("%s points to %s, outside %s: %w", p, target, blobs, ErrIntegrity)
	}
	bi, err := os.Lstat(target)
	return err == nil && bi.Mode().IsRegular(), nil
}

// link makes snapshots/<commit>/<file> a relative symlink to the blob,
// replacing whatever is there in one rename, so a concurrent reader sees
// the old link or the new, never none.
func (c Cache) link(r Ref, commit, file, etag string) error {
	dst := c.pointerPath(r, commit, file)
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Dir(dst), c.blobPath(r, etag))
	if err != nil {
		return err
	}
	if cur, err := os.Readlink(dst); err == nil && cur == rel {
		return nil
	}
	tmp := fmt.Sprintf("%s.%d.tmplink", dst, os.Getpid())
	os.Remove(tmp)
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// readSmall reads a regular file of at most limit bytes (a named pipe
// would hang); a bigger one is an ErrIntegrity, so a stranger's file never
// sizes an allocation.
func readSmall(path string, limit int64) ([]byte, error) {
	b, err := regfile.ReadFile(path, limit)
	if errors.Is(err, regfile.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", ErrIntegrity, err)
	}
	return b, err
}
