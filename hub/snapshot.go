package hub

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Snapshot is a model's files at one commit, in the cache.
type Snapshot struct {
	Dir      string // snapshots/<commit>: pass it wherever a model directory goes
	ID       string // the id asked for
	Revision string // the revision asked for
	Commit   string // the commit it resolved to
	Files    []string
}

// Resolve returns the snapshot for r from the cache when the cache holds a
// complete one for r's revision (no network call, as for a model Python
// downloaded), and downloads what is missing otherwise. Offline, a miss is
// ErrOffline naming what is missing.
func (c *Client) Resolve(ctx context.Context, r Ref) (*Snapshot, error) {
	s, err := c.Cached(r)
	if err == nil {
		return s, nil
	}
	if c.offline {
		return nil, offlineError(err)
	}
	return c.Download(ctx, r)
}

// Cached returns the snapshot for r if the cache holds a complete one. It
// never uses the network. Online, complete means every file bertvec would
// download is there or recorded absent (.no_exist); offline, the files
// bertvec cannot work without are enough.
func (c *Client) Cached(r Ref) (*Snapshot, error) {
	commit, err := c.cache.readRef(r)
	if err != nil {
		return nil, err
	}
	if commit == "" {
		return nil, fmt.Errorf("%s: no refs/%s in %s: %w", r, r.Revision, c.cache.RepoDir(r), ErrNotCached)
	}
	files, missing, err := c.cachedFiles(r, commit, !c.offline)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s (commit %s): missing %s in %s: %w",
			r, commit, strings.Join(missing, ", "), c.cache.SnapshotDir(r, commit), ErrNotCached)
	}
	return &Snapshot{Dir: c.cache.SnapshotDir(r, commit), ID: r.ID, Revision: r.Revision, Commit: commit, Files: files}, nil
}

// cachedFiles lists what the snapshot has of what bertvec needs, and what
// is missing. strict also wants each optional file present or absent.
func (c *Client) cachedFiles(r Ref, commit string, strict bool) (files, missing []string, err error) {
	check := func(f string) (bool, error) { return c.cache.present(r, commit, f) }
	for _, f := range append(slices.Clone(requiredFiles), optionalFiles...) {
		ok, err := check(f)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case ok:
			files = append(files, f)
		case slices.Contains(requiredFiles, f) || (strict && !c.cache.absent(r, commit, f)):
			missing = append(missing, f)
		}
	}
	for _, ws := range c.weights.formats() {
		got, err := c.cachedWeights(r, commit, ws)
		if err != nil {
			return nil, nil, err
		}
		if got != nil {
			return append(files, got...), missing, nil
		}
	}
	return files, append(missing, c.weights.String()), nil
}

// cachedWeights returns ws's files if the snapshot has them all.
func (c *Client) cachedWeights(r Ref, commit string, ws weightSet) ([]string, error) {
	if ok, err := c.cache.present(r, commit, ws.single); ok || err != nil {
		return []string{ws.single}, err
	}
	ok, err := c.cache.present(r, commit, ws.index)
	if !ok || err != nil {
		return nil, err
	}
	shards, err := c.cache.indexShards(r, commit, ws.index)
	if err != nil {
		return nil, err
	}
	for _, s := range shards {
		if ok, err := c.cache.present(r, commit, s); !ok || err != nil {
			return nil, err
		}
	}
	return append([]string{ws.index}, shards...), nil
}

// Download asks the Hub which commit r's revision is and which files it
// has, then fetches each file bertvec needs that the cache lacks, as
// snapshot_download does. Offline it is Cached.
func (c *Client) Download(ctx context.Context, r Ref) (*Snapshot, error) {
	if c.offline {
		s, err := c.Cached(r)
		if err != nil {
			return nil, offlineError(err)
		}
		return s, nil
	}
	commit, siblings, err := c.repoInfo(ctx, r)
	if err != nil {
		return nil, err
	}
	p, err := planFiles(r, siblings, c.weights)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.cache.RepoDir(r), 0o777); err != nil {
		return nil, err
	}
	if err := c.cache.writeRef(r, commit); err != nil {
		return nil, err
	}
	for _, f := range p.files {
		if err := c.fetchFile(ctx, r, commit, f); err != nil {
			return nil, err
		}
	}
	files := p.files
	if p.index != "" {
		shards, err := c.shards(r, commit, p.index, siblings)
		if err != nil {
			return nil, err
		}
		for _, s := range shards {
			if err := c.fetchFile(ctx, r, commit, s); err != nil {
				return nil, err
			}
		}
		files = append(files, shards...)
	}
	for _, f := range p.absent {
		if err := c.cache.markAbsent(r, commit, f); err != nil {
			return nil, err
		}
	}
	return &Snapshot{Dir: c.cache.SnapshotDir(r, commit), ID: r.ID, Revision: r.Revision, Commit: commit, Files: files}, nil
}

// indexShards reads the snapshot's weights index and returns the shards
// it names.
func (c Cache) indexShards(r Ref, commit, index string) ([]string, error) {
	data, err := readSmall(c.pointerPath(r, commit, index), maxIndex)
	if err != nil {
		return nil, err
	}
	return shardsOf(data, index)
}

// shards reads the downloaded index; each shard must be in the repo.
func (c *Client) shards(r Ref, commit, index string, siblings []string) ([]string, error) {
	shards, err := c.cache.indexShards(r, commit, index)
	if err != nil {
		return nil, err
	}
	for _, s := range shards {
		if !slices.Contains(siblings, s) {
			return nil, fmt.Errorf("%s: %s names %s, which the repo does not have: %w", r, index, s, ErrEntryNotFound)
		}
	}
	return shards, nil
}

// fetchFile puts one file of the commit in the cache, as
// _hf_hub_download_to_cache_dir: pointer there -> done; HEAD for the etag;
// blob there -> link; else, under the blob's lock, download and link.
func (c *Client) fetchFile(ctx context.Context, r Ref, commit, file string) error {
	if ok, err := c.cache.present(r, commit, file); err != nil || ok {
		if ok {
			c.report(Event{Kind: EventCached, File: file, Size: fileSize(c.cache.pointerPath(r, commit, file))})
		}
		return err
	}
	m, err := c.head(ctx, r, commit, file)
	if err != nil {
		if errors.Is(err, ErrEntryNotFound) {
			return fmt.Errorf("%s: %s: %w", r, file, ErrEntryNotFound)
		}
		return err
	}
	if m.commit != commit {
		return fmt.Errorf("%s: %s: asked for commit %s, the Hub answered for %s: %w", r, file, commit, m.commit, ErrProtocol)
	}
	blob := c.cache.blobPath(r, m.etag)
	if err := os.MkdirAll(filepath.Join(c.cache.RepoDir(r), "blobs"), 0o777); err != nil {
		return err
	}
	unlock, err := lockBlob(ctx, c.cache.lockPath(r, m.etag), func() {
		c.report(Event{Kind: EventWaiting, File: file, Size: m.size})
	})
	if err != nil {
		return err
	}
	defer unlock()
	if fi, err := os.Stat(blob); err == nil && fi.Mode().IsRegular() {
		c.report(Event{Kind: EventCached, File: file, Size: fi.Size()})
	} else {
		if err := c.fetchBlob(ctx, r, file, m, blob+".incomplete", blob); err != nil {
			return err
		}
		c.report(Event{Kind: EventDone, File: file, Size: m.size, Done: m.size})
	}
	return c.cache.link(r, commit, file, m.etag)
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// offlineError says a cache miss happened because the network is off.
func offlineError(err error) error {
	return fmt.Errorf("%w (HF_HUB_OFFLINE is set): %w", ErrOffline, err)
}
