package pipeline

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// helperEnv, when set to an out dir, turns the test binary into a helper
// process that runs a slow extract into it (see TestMain).
const helperEnv = "BERTVEC_PIPELINE_TEST_HELPER_DIR"

const kv, kh, kbatch = 800, 16, 4 // shape and batch of the kill -9 runs

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(helperMain(dir))
	}
	os.Exit(m.Run())
}

// killOptions are the options of the helper and of the resuming test
// alike, so that the resume identity matches.
func killOptions(dir string, f *pipelinetest.Fake) Options {
	o := fakeOptions(dir, f, kbatch, 2)
	o.Format = FormatWord2Vec
	o.Resume = true
	return o
}

// helperMain extracts slowly into dir, resuming whatever is there, until
// it is killed.
func helperMain(dir string) int {
	f := pipelinetest.NewFake(kv, kh)
	f.Delay = 10 * time.Millisecond
	if _, err := Extract(context.Background(), killOptions(dir, f)); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	return 0
}

// doneRecords is how many batches the done log holds now.
func doneRecords(dir string) int {
	st, err := os.Stat(filepath.Join(dir, doneFile(vecdir.Dynamic)))
	if err != nil {
		return 0
	}
	return int(st.Size() / recordSize)
}

// startAndKill runs the helper into dir and sends it SIGKILL once the
// done log holds at least n more records than before.
func startAndKill(t *testing.T, dir string, n int) {
	t.Helper()
	before := doneRecords(dir)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for doneRecords(dir) < before+n {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper recorded %d batches in 30s, want %d more", doneRecords(dir), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper was not killed by SIGKILL (finished too early?): %v", err)
	}
}

func TestKill9ThenResume(t *testing.T) {
	want := cleanRun(t, killOptions("", pipelinetest.NewFake(kv, kh)))
	dir := t.TempDir()
	startAndKill(t, dir, 5)
	startAndKill(t, dir, 10) // kill a resumed run too
	assertIncomplete(t, dir)
	resumedFrom := doneRecords(dir)
	if resumedFrom == 0 || resumedFrom*kbatch >= kv {
		t.Fatalf("%d batches durable after the kills, want some but not all", resumedFrom)
	}

	rep, err := Extract(context.Background(), killOptions(dir, pipelinetest.NewFake(kv, kh)))
	if err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, dir), want)
	if got := rep.Meta.Kinds["dynamic"].ResumedIDs; got < resumedFrom*kbatch {
		t.Errorf("resumed from %d ids, but %d were durable", got, resumedFrom*kbatch)
	}
}
