package hub_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

// TestHelperProcess is not a test: it is the other process of the tests
// below, started as "hub.test -test.run=^TestHelperProcess$ -- hub-helper
// ENDPOINT CACHE SPEC". It downloads SPEC and prints "waited" if another
// process held a lock, then "ok".
func TestHelperProcess(t *testing.T) {
	args := flag.Args()
	if len(args) != 4 || args[0] != "hub-helper" {
		return
	}
	var waited bool
	c, err := hub.New(hub.WithEndpoint(args[1]), hub.WithCacheDir(args[2]), hub.WithRetries(3, 10*time.Millisecond),
		hub.WithProgress(func(e hub.Event) { waited = waited || e.Kind == hub.EventWaiting }))
	if err == nil {
		var r hub.Ref
		if r, err = hub.ParseRef(args[3]); err == nil {
			_, err = c.Download(context.Background(), r)
		}
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	if waited {
		fmt.Println("waited")
	}
	fmt.Println("ok")
	os.Exit(0)
}

func helper(srv *hubtest.Server, cache, spec string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "hub-helper", srv.URL(), cache, spec)
	return cmd
}

// kill -9 in the middle of a large download, then a rerun: the rerun
// resumes from the .incomplete file with Range, the blob's sha256 is
// right and no .incomplete is left.
func TestKill9Resumes(t *testing.T) {
	const size = 4 << 20
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/big", size))
	srv.Update(func(s *hubtest.Server) { s.Rate = 1 << 20 }) // 4 s for the whole file
	cache := t.TempDir()
	cmd := helper(srv, cache, "org/big")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	etag := hubtest.SHA256(bigBytes(size))
	inc := filepath.Join(cache, "models--org--big", "blobs", etag+".incomplete")
	deadline := time.Now().Add(20 * time.Second)
	for {
		if fi, err := os.Stat(inc); err == nil && fi.Size() >= 1<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the helper never got 1 MiB into the download")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	fi, err := os.Stat(inc)
	if err != nil {
		t.Fatal(err)
	}
	left := fi.Size()
	if left >= size {
		t.Fatalf("the helper finished (%d bytes) before it was killed", left)
	}

	srv.Update(func(s *hubtest.Server) { s.Rate = 0 })
	c, _ := newClient(t, srv, cache)
	s, err := download(t, c, "org/big")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, s.Dir, "model.safetensors", bigBytes(size))
	if _, ranges := cdnGets(srv); ranges[len(ranges)-1] != fmt.Sprintf("bytes=%d-", left) {
		t.Errorf("the rerun did not resume at byte %d: ranges %q", left, ranges)
	}
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// Two processes pulling one model at once: one downloads each blob, the
// other waits on its lock and reuses it; both end with a correct snapshot.
func TestTwoProcesses(t *testing.T) {
	const size = 2 << 20
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/big", size))
	srv.Update(func(s *hubtest.Server) { s.Rate = 2 << 20 })
	cache := t.TempDir()
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := helper(srv, cache, "org/big")
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil || !strings.HasSuffix(outs[i].String(), "ok\n") {
			t.Fatalf("process %d: %v: %s", i, errs[i], outs[i].String())
		}
	}
	if !strings.Contains(outs[0].String()+outs[1].String(), "waited") {
		t.Error("neither process waited for the other's lock")
	}
	if n, _ := cdnGets(srv); n != 1 {
		t.Errorf("the blob was downloaded %d times", n)
	}
	c, _ := newClient(t, srv, cache, hub.WithOffline(true))
	s, err := resolve(c, "org/big")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, s.Dir, "model.safetensors", bigBytes(size))
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}
