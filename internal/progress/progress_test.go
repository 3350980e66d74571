package progress

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLinesAtTenPercentSteps(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, Options{Label: "dynamic", Unit: "ids", Total: 100, Every: time.Hour})
	for range 100 {
		m.Add(1)
	}
	m.Finish(true)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != 10 {
		t.Fatalf("%d lines, want 9 steps and a final one:\n%s", len(got), out.String())
	}
	step := regexp.MustCompile(`^dynamic: (\d+)0/100 ids \((\d+)0%\), \d+ ids/s, ETA [0-9hms.]+$`)
	for i, l := range got[:9] {
		if m := step.FindStringSubmatch(l); m == nil || m[1] != m[2] || m[1] != string(rune('1'+i)) {
			t.Errorf("line %d %q", i, l)
		}
	}
	if !regexp.MustCompile(`^dynamic: 100/100 ids \(100%\), \d+ ids/s, done in \S+$`).MatchString(got[9]) {
		t.Errorf("final line %q", got[9])
	}
}

func TestLinesResumedAndUnfinished(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, Options{Label: "dynamic", Unit: "ids", Total: 200, Start: 50, Every: time.Hour})
	m.Add(5)  // 55: still in the 20% step that 50 started in
	m.Add(5)  // 60: reaches 30%
	m.Add(10) // 70: still 30%
	m.Finish(false)
	if !regexp.MustCompile(`^dynamic: 60/200 ids \(30%\), \d+ ids/s, ETA [0-9hms.]+\n$`).Match(out.Bytes()) {
		t.Errorf("got %q", out.String())
	}
}

func TestLinesPeriodic(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, Options{Label: "x", Unit: "ids", Total: 1000, Every: time.Nanosecond})
	for range 3 {
		time.Sleep(time.Millisecond)
		m.Add(1) // every call is past the period, none crosses 10%
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("%d lines for 3 periods:\n%s", n, out.String())
	}
}

func TestBytesLines(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, Options{Label: "model.safetensors", Unit: "bytes", Total: 440_500_000, Every: time.Hour})
	m.Set(220_250_000)
	m.Finish(true)
	got := out.String()
	if !strings.HasPrefix(got, "model.safetensors: 220.2 MB/440.5 MB (50%), ") || !strings.Contains(got, "440.5 MB/440.5 MB (100%)") {
		t.Errorf("got %q", got)
	}
}

func TestQuiet(t *testing.T) {
	if _, ok := New(nil, Options{Total: 10}).(nop); !ok {
		t.Error("a nil writer does not give a quiet meter")
	}
	var out bytes.Buffer
	New(&out, Options{Total: 0}).Finish(true)
	if out.Len() != 0 {
		t.Errorf("a zero total printed %q", out.String())
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 1500: "1.5 kB", 440_500_000: "440.5 MB", 2e12: "2.0 TB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNoSteps(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, Options{Label: "load cpu", Unit: "tensors", Total: 200, Every: time.Hour, NoSteps: true})
	for range 200 {
		m.Add(1)
	}
	m.Finish(true)
	if !regexp.MustCompile(`^load cpu: 200/200 tensors \(100%\), \d+ tensors/s, done in \S+\n$`).MatchString(out.String()) {
		t.Errorf("got %q, want only the final line", out.String())
	}
}

func TestFunc(t *testing.T) {
	if Func(nil, Options{}) != nil {
		t.Error("a nil writer gave a callback")
	}
	var out bytes.Buffer
	f := Func(&out, Options{Label: "t-SNE", Unit: "iterations", Every: time.Hour})
	for i := 1; i <= 20; i++ {
		f(i, 20)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != 10 || !regexp.MustCompile(`^t-SNE: 20/20 iterations \(100%\), \d+ iterations/s, done in \S+$`).MatchString(got[9]) {
		t.Errorf("got %q, want 9 steps and a final line", got)
	}
}
