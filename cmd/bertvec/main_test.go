package main

import (
	"context"
	"errors"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// Every command's page: stdout, exit 0, one style (synopsis, paragraph,
// flags, 2–3 examples), for -h, --help and help CMD alike.
func TestHelpEveryCommand(t *testing.T) {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	twoDefaults := regexp.MustCompile(`\(default.*\(default`)
	for _, name := range names {
		var pages []string
		for _, args := range [][]string{{name, "-h"}, {name, "--help"}, {"help", name}} {
			code, stdout, stderr := bertvec(t, args...)
			if code != 0 || stderr != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
			}
			pages = append(pages, stdout)
		}
		page := pages[0]
		if pages[1] != page || pages[2] != page {
			t.Errorf("%s: -h, --help and help %s differ", name, name)
		}
		if !strings.HasPrefix(page, "usage: bertvec "+name+" ") {
			t.Errorf("%s: page does not start with its synopsis:\n%s", name, page)
		}
		paragraph := strings.SplitN(page, "\n\n", 3)
		if len(paragraph) < 2 || len(strings.TrimSpace(paragraph[1])) < 40 {
			t.Errorf("%s: no paragraph after the synopsis:\n%s", name, page)
		}
		if !strings.Contains(page, "\nflags:\n  ") || !strings.Contains(page, "--quiet") {
			t.Errorf("%s: no flags section with --quiet:\n%s", name, page)
		}
		_, ex, ok := strings.Cut(page, "\nexamples:\n")
		if n := strings.Count("\n"+ex, "\n  bertvec "); !ok || n < 1 || n > 3 {
			t.Errorf("%s: want 2–3 examples (1 for version):\n%s", name, page)
		} else if name != "version" && n < 2 {
			t.Errorf("%s: %d example, want 2–3", name, n)
		}
		if l := twoDefaults.FindString(page); l != "" {
			t.Errorf("%s: a flag states its default twice: %q", name, l)
		}
	}
}

func TestHelpTopLevel(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"help", "help"}} {
		code, stdout, stderr := bertvec(t, args...)
		if code != 0 || stderr != "" || !strings.Contains(stdout, "commands:") || !strings.Contains(stdout, "  analogy ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	code, stdout, stderr := bertvec(t, "help", "frobnicate")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// A bad flag is one line naming it, with where to look, and exit 2.
func TestFlagErrors(t *testing.T) {
	dir := tinyVectors(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"analogy", "--vectors", dir, "--bogus", "王"}, "bertvec analogy: flag provided but not defined: -bogus (see bertvec analogy -h)\n"},
		{[]string{"analogy", "--vectors", dir, "-k", "x", "王"}, "bertvec analogy: invalid value \"x\" for flag -k: parse error (see bertvec analogy -h)\n"},
		{[]string{"neighbors", "--vectors", dir, "-k", "0", "王"}, "bertvec neighbors: -k 0: want 1 or more (see bertvec neighbors -h)\n"},
		{[]string{"map", "--bogus"}, "bertvec map: flag provided but not defined: -bogus (see bertvec map -h)\n"},
		{[]string{"extract", "--out", t.TempDir(), "--batch", "0"}, "bertvec extract: --batch 0: want 1 or more (see bertvec extract -h)\n"},
		{[]string{"version", "--bogus"}, "bertvec version: flag provided but not defined: -bogus (see bertvec version -h)\n"},
	} {
		code, stdout, stderr := bertvec(t, tc.args...)
		if code != 2 || stdout != "" || stderr != tc.want {
			t.Errorf("%v: exit %d, stdout %q\nstderr %q\nwant   %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := bertvec(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, %q", args, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "bertvec  "+version) || !strings.Contains(lines[1], "go1.") ||
			!regexp.MustCompile(`^libtorch \d+\.\d+`).MatchString(lines[2]) || !strings.HasPrefix(lines[3], "mecab    ") {
			t.Errorf("%v:\n%s", args, stdout)
		}
	}
}

func TestBuildVersion(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"},
	}}
	if v, c := buildVersion(bi, true); v != version || c != "0123456789ab+dirty" {
		t.Errorf("devel build: %q %q", v, c)
	}
	bi = &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}
	if v, c := buildVersion(bi, true); v != "v1.2.3" || c != "unknown" {
		t.Errorf("module build: %q %q", v, c)
	}
	if v, c := buildVersion(nil, false); v != version || c != "unknown" {
		t.Errorf("no build info: %q %q", v, c)
	}
	// Built by make in workspace mode: no vcs settings, the stamped commit.
	old := buildCommit
	buildCommit = "fedcba987654+dirty"
	defer func() { buildCommit = old }()
	if _, c := buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true); c != "fedcba987654+dirty" {
		t.Errorf("stamped commit: %q", c)
	}
}

// testCommand registers a command for one test.
func testCommand(t *testing.T, name string, run func(args []string, stdout, stderr io.Writer) error) {
	t.Helper()
	register(command{name, "test only", run})
	t.Cleanup(func() { delete(commands, name) })
}

// A crash is reported as a bug with exit 3, never 2 (usage) as Go's
// runtime would.
func TestPanicExitsInternal(t *testing.T) {
	testCommand(t, "crash", func(args []string, _, _ io.Writer) error {
		return errors.New(args[len(args)]) // index out of range: a runtime panic
	})
	code, _, stderr := bertvec(t, "crash")
	if code != exitInternal || !strings.Contains(stderr, "bertvec crash: internal error: runtime error: index out of range") || !strings.Contains(stderr, "please report") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// Ctrl-C during a command that stops cleanly exits 130.
func TestInterruptExits130(t *testing.T) {
	testCommand(t, "wait", func(_ []string, _, _ io.Writer) error {
		ctx, stop := signalContext(context.Background())
		defer stop()
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			return err
		}
		<-ctx.Done()
		return errors.New("interrupted")
	})
	if code, _, stderr := bertvec(t, "wait"); code != 130 || !strings.Contains(stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// The signal is not remembered for the next command.
	testCommand(t, "fail", func([]string, io.Writer, io.Writer) error { return errors.New("plain failure") })
	if code, _, _ := bertvec(t, "fail"); code != 1 {
		t.Errorf("after an interrupt, a plain failure exits %d, want 1", code)
	}
}

// --quiet silences notes but never errors.
func TestQuiet(t *testing.T) {
	dir := tinyVectors(t)
	code, _, stderr := bertvec(t, "neighbors", "--vectors", dir, "-k", "2", "女王国")
	if code != 0 || !strings.Contains(stderr, "note:") {
		t.Fatalf("without --quiet: exit %d, stderr %q (want a WordPiece note)", code, stderr)
	}
	code, stdout, stderr := bertvec(t, "neighbors", "--vectors", dir, "-k", "2", "--quiet", "女王国")
	if code != 0 || stderr != "" || stdout == "" {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = bertvec(t, "neighbors", "--vectors", dir, "--quiet", "xyzzy🙂")
	if code != 1 || !strings.Contains(stderr, "bertvec neighbors:") {
		t.Errorf("--quiet error: exit %d, stderr %q", code, stderr)
	}
}

func TestUnknownCommandSuggests(t *testing.T) {
	code, _, stderr := bertvec(t, "analgoy")
	if want := "bertvec: unknown command \"analgoy\", did you mean analogy? (see bertvec -h)\n"; code != 2 || stderr != want {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
	if code, _, stderr := bertvec(t, "frobnicate"); code != 2 || strings.Contains(stderr, "did you mean") {
		t.Errorf("frobnicate: exit %d, %q", code, stderr)
	}
}
