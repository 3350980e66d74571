package contextvec

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// helperEnv, when set to a directory, turns the test binary into a helper
// that pools slowly into it with checkpoints until killed.
const helperEnv = "BERTVEC_CONTEXTVEC_TEST_HELPER_DIR"

var killText = synthCorpus(1500, tv)

func killID() Identity {
	return Identity{ModelSHA256: "m", Corpus: "-", V: tv, H: th, Layers: testOpt.Layers, Window: testOpt.Window,
		BatchTokens: testOpt.BatchTokens, CommitWindows: testOpt.CommitWindows}
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		cps := &Checkpoints{Dir: dir, ID: killID()}
		acc := NewAccum(tv, th, testOpt.Layers)
		r, _ := openReader(killText)
		_, err := Run(context.Background(), &fakeEncoder{V: tv, H: th, delay: 3 * time.Millisecond}, wordTokenizer{}, r, acc, Position{}, testOpt,
			func(p Position) error { return cps.Save(acc, p) }, nil)
		fmt.Fprintln(os.Stderr, "helper finished:", err)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// kill -9 in the middle of a run, then resume: the sums are bit for bit
// an uninterrupted run's.
func TestKillAndResumeSameBits(t *testing.T) {
	want, _ := run(t, killText, testOpt)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if gens, _ := filepath.Glob(filepath.Join(dir, "context.ckpt*_sum.npy")); len(gens) > 0 {
			if _, err := os.Stat(filepath.Join(dir, CheckpointFile)); err == nil {
				if ck, err := (&Checkpoints{Dir: dir, ID: killID()}).peek(); err == nil && ck >= 3 {
					break
				}
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the helper made no checkpoint in 20 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the helper was not killed mid-run (%v): it finished first; make the corpus longer", err)
	}
	got := resume(t, dir, killID(), killText)
	if !sameBits(got, want) {
		t.Error("sums after kill -9 and resume differ from an uninterrupted run's")
	}
}
