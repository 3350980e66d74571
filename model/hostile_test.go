package model

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bertvec/bertvec/internal/ziptest"
	"github.com/bertvec/bertvec/model/torchpickle"
)

// Issue 13: weight files made to crash, trick or hang the reader end in one
// error from Inspect (and Describe and Load, which start with it).
func TestInspectHostileWeights(t *testing.T) {
	legacy := readFile(t, filepath.Join(fixturesDir, "legacy-bin", BinFile))
	tiny := readFile(t, filepath.Join(tinyDir, BinFile))
	// The legacy sys_info pickle replaced by os.system("id"): torch.load
	// would run it; the old checker skipped unusual headers silently.
	head, ok := legacyHeader(legacy)
	if !ok {
		t.Fatal("cannot find the header pickles of legacy-bin")
	}
	const sysInfo = 21 // after the magic number (15 bytes) and protocol (6) pickles
	payload := []byte("\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.")
	evil := slices.Concat(legacy[:sysInfo], payload, legacy[len(head):])
	// data.pkl with a FRAME of 2^40 bytes ahead of the state dict.
	frameBomb := ziptest.Rezip(t, tiny, zip.Store, func(name string, b []byte) []byte {
		if strings.HasSuffix(name, "data.pkl") {
			return slices.Concat([]byte("\x80\x04\x95\x00\x00\x00\x00\x00\x01\x00\x00"), b[2:])
		}
		return b
	})
	tests := []struct {
		name string
		bin  []byte
		is   error
		want string
	}{
		{"os.system in a legacy header", evil, torchpickle.ErrGlobal, "os.system"},
		{"legacy cut by 100 bytes", legacy[:len(legacy)-100], torchpickle.ErrTruncated, "needs"},
		{"FRAME 2^40", frameBomb, torchpickle.ErrTruncated, "FRAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := checkpointDir(t, map[string][]byte{BinFile: tt.bin})
			_, err := Inspect(dir, "")
			if !errors.Is(err, ErrWeights) || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %v and %v mentioning %q", err, ErrWeights, tt.is, tt.want)
			}
		})
	}
}

// Named pipes and devices in place of a checkpoint's files are refused at
// once; before, opening a pipe waited for a writer forever and /dev/zero
// was read until memory ran out.
func TestInspectSpecialFiles(t *testing.T) {
	for _, name := range []string{ConfigFile, VocabFile, BinFile, SafetensorsFile} {
		for _, kind := range []string{"pipe", "device"} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				dir := checkpointDir(t, map[string][]byte{SafetensorsFile: readFile(t, filepath.Join(tinyDir, SafetensorsFile))})
				p := filepath.Join(dir, name)
				os.Remove(p)
				if kind == "pipe" {
					if err := syscall.Mkfifo(p, 0o644); err != nil {
						t.Fatal(err)
					}
				} else if err := os.Symlink("/dev/zero", p); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				choice := WeightsAuto
				if name == BinFile {
					choice = WeightsBin
				}
				go func() { _, err := Inspect(dir, choice); done <- err }()
				select {
				case err := <-done:
					if err == nil || !strings.Contains(err.Error(), "not a regular file") {
						t.Errorf("err = %v", err)
					}
				case <-time.After(20 * time.Second):
					t.Fatal("Inspect hangs")
				}
			})
		}
	}
}

// A legacy file holding a dict whose values are not tensors is named as
// such, once.
func TestInspectNotTensors(t *testing.T) {
	legacy := readFile(t, filepath.Join(fixturesDir, "legacy-bin", BinFile))
	head, ok := legacyHeader(legacy)
	if !ok {
		t.Fatal("no legacy header")
	}
	// {"a": 1}, then an empty storage-key list.
	bin := slices.Concat(head, []byte("\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s.\x80\x02]."))
	_, err := Inspect(checkpointDir(t, map[string][]byte{BinFile: bin}), "")
	if !errors.Is(err, ErrNotStateDict) || !strings.Contains(err.Error(), `entry "a" is not a tensor but an int`) ||
		strings.Count(err.Error(), "not a state dict") != 1 {
		t.Fatalf("err = %v", err)
	}
}
