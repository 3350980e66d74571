//go:build cgo && !nolibtorch

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// extract --kinds context killed with SIGKILL mid-run and continued with
// --resume writes the same bytes as a run never interrupted.
func TestContextKillResumeSameBytes(t *testing.T) {
	ref, err := os.ReadFile(refCorpus)
	if err != nil {
		t.Fatal(err)
	}
	corpusPath := filepath.Join(t.TempDir(), "corpus.txt")
	if err := os.WriteFile(corpusPath, bytes.Repeat(ref, 30), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(out string) []string {
		return []string{"extract", "--model", tinyModel, "--out", out, "--kinds", "context", "--layers", "1,2",
			"--corpus", corpusPath, "--commit-windows", "32", "--batch-tokens", "256", "--quiet"}
	}
	whole := t.TempDir()
	runOK(t, args(whole)...)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], append(args(dir), "--resume")...)
	cmd.Env = append(os.Environ(), cliChildEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if gens, _ := filepath.Glob(filepath.Join(dir, "context.ckpt*_sum.npy")); len(gens) > 0 {
			b, _ := os.ReadFile(filepath.Join(dir, "context.ckpt.json"))
			if strings.Contains(string(b), `"generation":4`) {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("no fourth checkpoint within 60 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("the run finished before it was killed: make the corpus longer")
	}
	if _, err := os.Stat(filepath.Join(dir, "meta.json")); err == nil {
		t.Fatal("a killed run left a meta.json")
	}
	runOK(t, append(args(dir), "--resume")...)
	for _, name := range []string{"context_L1.npy", "context_L2.npy", "context_count.npy", "vocab.txt"} {
		a, _ := os.ReadFile(filepath.Join(whole, name))
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s after kill -9 and --resume differs from an uninterrupted run's (%v)", name, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "context.ckpt*")); len(left) > 0 {
		t.Errorf("checkpoint files left behind: %v", left)
	}
}
