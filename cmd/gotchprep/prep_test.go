package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakeRepo makes a repository root whose go.mod requires the same gotch as
// the real one, and a fake libtorch zip of the given version.
func fakeRepo(t *testing.T, major, minor, patch int) (repo, libtorch string) {
	t.Helper()
	gomod, err := ParseGoMod(readFile(t, "../../go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	repo, libtorch = t.TempDir(), t.TempDir()
	fakeTree(t, repo, map[string]string{"go.mod": "module fake\n\ngo " + gomod.Go + "\n\nrequire github.com/sugarme/gotch " + gomod.GotchVersion + "\n"})
	zipTree(t, libtorch, false)
	fakeTree(t, libtorch, map[string]string{"include/torch/csrc/api/include/torch/version.h": versionH(major, minor, patch)})
	return repo, libtorch
}

func TestPrepWithoutCompiling(t *testing.T) {
	repo, lt := fakeRepo(t, 1, 13, 1)
	o := Options{Repo: repo, Libtorch: lt, MaxRounds: 1}
	ctx := context.Background()

	res, err := Prep(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	known, _, _ := KnownStubs("1.13.1")
	if res.UpToDate || !reflect.DeepEqual(res.Stamp.Stubbed, known) || res.Stamp.LibtorchVer != "1.13.1" || res.Stamp.ABI != 0 {
		t.Fatalf("first run: %+v", res)
	}
	if want := "gotchprep: gotch v0.9.1 for libtorch 1.13.1 (cpu, abi 0): 104 wrappers stubbed, build/gotch, go.work"; res.Summary() != want {
		t.Errorf("summary %q, want %q", res.Summary(), want)
	}
	copyDir := filepath.Join(repo, copyRel)
	gen := string(readFile(t, filepath.Join(copyDir, "libtch", generatedFile)))
	if n := strings.Count(gen, unavailableSuffix); n != len(known) {
		t.Errorf("%d stubbed bodies in the generated file, want %d", n, len(known))
	}
	if !strings.Contains(gen, `throw std::runtime_error("atg_nonzero_static: not available in the installed libtorch");`) {
		t.Error("atg_nonzero_static is not stubbed")
	}
	if tensor := readFile(t, filepath.Join(copyDir, "ts", "tensor.go")); !bytes.Contains(tensor, lightHandle) || bytes.Contains(tensor, heavyHandle) {
		t.Error("ts/tensor.go still allocates 100 KB per tensor handle")
	}
	libGo := string(readFile(t, filepath.Join(copyDir, "libtch", "lib.go")))
	if !strings.Contains(libGo, "-Wl,-rpath,"+lt+"/lib") || strings.Contains(libGo, "-ltorch_cuda") || !strings.Contains(libGo, "-D_GLIBCXX_USE_CXX11_ABI=0") {
		t.Errorf("lib.go:\n%s", libGo)
	}
	for _, gone := range []string{"example", "gen", "bertvecprepcheck"} {
		if _, err := os.Stat(filepath.Join(copyDir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s/%s exists (err %v)", copyRel, gone, err)
		}
	}
	if _, err := os.Stat(copyDir + ".new"); !os.IsNotExist(err) {
		t.Errorf("%s.new left behind", copyRel)
	}
	gomod, _ := ParseGoMod(readFile(t, filepath.Join(repo, "go.mod")))
	work := WorkFile(gomod, copyRel)
	if got := readFile(t, filepath.Join(repo, "go.work")); !bytes.Equal(got, work) {
		t.Errorf("go.work:\n%s", got)
	}

	if res, err = Prep(ctx, o); err != nil || !res.UpToDate {
		t.Fatalf("second run: up to date %t, err %v", res.UpToDate, err)
	}
	if err := os.Remove(filepath.Join(repo, "go.work")); err != nil {
		t.Fatal(err)
	}
	if res, err = Prep(ctx, o); err != nil || !res.UpToDate {
		t.Fatalf("run without go.work: up to date %t, err %v", res.UpToDate, err)
	}
	if got := readFile(t, filepath.Join(repo, "go.work")); !bytes.Equal(got, work) {
		t.Errorf("go.work not rewritten:\n%s", got)
	}
	if res, err = Prep(ctx, Options{Repo: repo, Libtorch: lt, MaxRounds: 1, Force: true}); err != nil || res.UpToDate {
		t.Fatalf("-force: up to date %t, err %v", res.UpToDate, err)
	}
	// A new go line only rewrites go.work.
	gomod.Go = "1.26.0"
	fakeTree(t, repo, map[string]string{"go.mod": "module fake\n\ngo 1.26.0\n\nrequire github.com/sugarme/gotch " + gomod.GotchVersion + "\n"})
	if res, err = Prep(ctx, o); err != nil || !res.UpToDate {
		t.Fatalf("after a go line change: up to date %t, err %v", res.UpToDate, err)
	}
	if got, want := readFile(t, filepath.Join(repo, "go.work")), WorkFile(gomod, copyRel); !bytes.Equal(got, want) {
		t.Errorf("go.work after a go line change:\n%s", got)
	}

	// A libtorch upgrade redoes the copy; 2.1 has no committed list.
	fakeTree(t, lt, map[string]string{"include/torch/csrc/api/include/torch/version.h": versionH(2, 1, 0)})
	if res, err = Prep(ctx, o); err != nil || res.UpToDate || len(res.Stamp.Stubbed) != 0 || res.Stamp.LibtorchVer != "2.1.0" {
		t.Fatalf("after upgrade: %+v, err %v", res, err)
	}
	if strings.Contains(string(readFile(t, filepath.Join(copyDir, "libtch", generatedFile))), unavailableSuffix) {
		t.Error("2.1 copy still has stubs")
	}
}

func TestStampCurrent(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		s    Stamp
		o    Options
		want bool
	}{
		{"same inputs", Stamp{InputHash: "h", GotchDir: dir}, Options{}, true},
		{"other inputs", Stamp{InputHash: "g", GotchDir: dir}, Options{}, false},
		{"module cache emptied", Stamp{InputHash: "h", GotchDir: dir + "/gone"}, Options{}, false},
		{"-verify on an unverified copy", Stamp{InputHash: "h", GotchDir: dir, CompileChecked: true}, Options{Verify: true, SyntaxCheck: true}, false},
		{"-check on an unchecked copy", Stamp{InputHash: "h", GotchDir: dir}, Options{SyntaxCheck: true}, false},
		{"verified copy, nothing asked", Stamp{InputHash: "h", GotchDir: dir, CompileChecked: true, Verified: true}, Options{}, true},
	} {
		if got := tc.s.current("h", tc.o); got != tc.want {
			t.Errorf("%s: current = %t, want %t", tc.name, got, tc.want)
		}
	}
}

// fakeCompiler writes a shell script that acts like g++ -fsyntax-only: it
// reports an error, with file and line, on every generated line matching
// pattern, and fails when there was one.
func fakeCompiler(t *testing.T, pattern string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fake-g++")
	script := "#!/bin/sh\n" +
		"out=$(grep -nE '" + pattern + "' " + generatedFile + " | sed 's/^\\([0-9]*\\):.*/" + generatedFile + ":\\1:5: error: no such function/')\n" +
		"[ -z \"$out\" ] && exit 0\necho \"$out\"\nexit 1\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStubUntilItCompiles(t *testing.T) {
	for _, tc := range []struct {
		name      string
		pattern   string
		known     []string
		rounds    int
		want      []string
		wantErr   error
		wantNoRun bool
	}{
		{name: "compiles as is", pattern: "no_such_text", rounds: 2},
		{name: "committed list is enough", pattern: "torch::_dimi", known: []string{"atg__dimi"}, rounds: 1, want: []string{"atg__dimi"}},
		{name: "errors found and stubbed", pattern: "torch::(_dimi|split)", rounds: 2, want: []string{"atg__dimi", "atg_split"}},
		{name: "too few rounds", pattern: "torch::(_dimi|split)", rounds: 1, wantErr: ErrStubRounds},
		{name: "error outside any wrapper", pattern: "AUTOMATICALLY", rounds: 3, wantErr: ErrStubRounds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := readFixture(t, "generated.cpp.h")
			if err := os.WriteFile(filepath.Join(dir, generatedFile), src, 0o644); err != nil {
				t.Fatal(err)
			}
			o := Options{SyntaxCheck: true, MaxRounds: tc.rounds, CXX: fakeCompiler(t, tc.pattern)}
			got, checked, err := stubUntilItCompiles(context.Background(), o, dir, Flags{}, tc.known, "stubs/test.txt")
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || !checked || !reflect.DeepEqual(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Fatalf("got %v checked %t err %v; want %v", got, checked, err, tc.want)
			}
			want, _, err := Stub(src, toSet(tc.want))
			if err != nil {
				t.Fatal(err)
			}
			if onDisk := readFile(t, filepath.Join(dir, generatedFile)); !bytes.Equal(onDisk, want) {
				t.Fatalf("generated file on disk:\n%s", onDisk)
			}
		})
	}
}

func toSet(names []string) map[string]bool {
	s := map[string]bool{}
	for _, n := range names {
		s[n] = true
	}
	return s
}

func TestRunNoLibtorch(t *testing.T) {
	repo, _ := fakeRepo(t, 1, 13, 1)
	t.Setenv("LIBTORCH", filepath.Join(t.TempDir(), "missing"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-repo", repo}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "apt-get install libtorch-dev libopenblas0-pthread") || stdout.Len() != 0 {
		t.Fatalf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{"-cuda", "maybe"}, {"extra"}, {"-nope"}} {
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

func TestRunPrintsOneLine(t *testing.T) {
	repo, lt := fakeRepo(t, 2, 1, 0)
	t.Setenv("LIBTORCH", lt)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-repo", repo, "-check=false", "-verify=false", "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := "gotchprep: gotch v0.9.1 for libtorch 2.1.0 (cpu, abi 0): 0 wrappers stubbed, build/gotch, go.work\n"; stdout.String() != want || stderr.Len() != 0 {
		t.Fatalf("stdout %q stderr %q, want %q and nothing", stdout.String(), stderr.String(), want)
	}
}
