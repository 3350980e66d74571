package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// ErrStubRounds means compiling still failed after the allowed rounds of
// stubbing, or failed somewhere stubbing cannot help.
var ErrStubRounds = errors.New("gotch does not compile against this libtorch")

// copyRel is the prepared copy, relative to the repository root.
const copyRel = "build/gotch"

// Options control one run.
type Options struct {
	Repo        string   // repository root (holds go.mod)
	Libtorch    string   // $LIBTORCH; "" for Debian's package
	CUDA        CUDAMode // -cuda
	Force       bool     // redo even when the stamp matches
	SyntaxCheck bool     // verify the stubs with g++ -fsyntax-only
	Verify      bool     // build and run a check program through go.work
	MaxRounds   int      // bound on compile-and-stub rounds
	CXX         string   // C++ compiler for the syntax check
	Log         io.Writer
}

// Result says what a run did.
type Result struct {
	Stamp    Stamp
	UpToDate bool // nothing was redone
	Extra    []string
}

// Summary is the one line gotchprep prints.
func (r Result) Summary() string {
	s := r.Stamp
	kind := "cpu"
	if s.CUDA {
		kind = "cuda"
	}
	what := fmt.Sprintf("gotch %s for libtorch %s (%s, abi %d)", s.GotchVersion, s.LibtorchVer, kind, s.ABI)
	if r.UpToDate {
		return fmt.Sprintf("gotchprep: up to date: %s: %d wrappers stubbed, %s, go.work", what, len(s.Stubbed), copyRel)
	}
	line := fmt.Sprintf("gotchprep: %s: %d wrappers stubbed, %s, go.work", what, len(s.Stubbed), copyRel)
	if len(r.Extra) > 0 {
		line += fmt.Sprintf(" (%d beyond the committed list: %s)", len(r.Extra), strings.Join(r.Extra, " "))
	}
	return line
}

// Prep prepares build/gotch and go.work, or leaves them when the stamp says
// they are current.
func Prep(ctx context.Context, o Options) (Result, error) {
	gomodBytes, err := os.ReadFile(filepath.Join(o.Repo, "go.mod"))
	if err != nil {
		return Result{}, err
	}
	gomod, err := ParseGoMod(gomodBytes)
	if err != nil {
		return Result{}, err
	}
	lt, err := DetectLibtorch("", o.Libtorch, o.CUDA)
	if err != nil {
		return Result{}, err
	}
	flags := CgoFlags(lt)
	known, knownRaw, knownFile := KnownStubs(lt.Version)
	hash := InputHash(gomod, lt, flags, knownRaw)

	copyDir := filepath.Join(o.Repo, copyRel)
	stampPath := filepath.Join(copyDir, stampName)
	workPath := filepath.Join(o.Repo, "go.work")
	work := WorkFile(gomod, copyRel)

	if !o.Force {
		if st, err := readStamp(stampPath); err == nil && st.current(hash, o) {
			if cur, err := os.ReadFile(workPath); err != nil || !bytes.Equal(cur, work) {
				if err := atomicfile.WriteBytes(workPath, work); err != nil {
					return Result{}, err
				}
			}
			return Result{Stamp: st, UpToDate: true}, nil
		}
	}

	logf(o.Log, "preparing gotch %s for libtorch %s in %s", gomod.GotchVersion, lt.Version, lt.Dir)
	modDir, modSum, err := downloadModule(o.Repo, gomod.GotchVersion)
	if err != nil {
		return Result{}, err
	}
	// Build the copy beside the old one and swap it in at the end, so that
	// build/gotch is always a whole copy.
	newDir := copyDir + ".new"
	if err := os.RemoveAll(newDir); err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(filepath.Dir(newDir), 0o755); err != nil {
		return Result{}, err
	}
	if err := copyModule(modDir, newDir); err != nil {
		return Result{}, fmt.Errorf("copy %s: %w", modDir, err)
	}
	note, err := lightenHandle(newDir)
	if err != nil {
		return Result{}, err
	}
	if note != "" {
		logf(o.Log, "%s", note)
	}
	summary := fmt.Sprintf("gotch %s for libtorch %s at %s (cuda %t, C++11 ABI %d).", gomod.GotchVersion, lt.Version, lt.Dir, lt.CUDA, lt.ABI)
	if err := atomicfile.WriteBytes(filepath.Join(newDir, "libtch", "lib.go"), LibGo(flags, summary)); err != nil {
		return Result{}, err
	}
	stubbed, checked, err := stubUntilItCompiles(ctx, o, filepath.Join(newDir, "libtch"), flags, known, knownFile)
	if err != nil {
		return Result{}, err
	}
	if err := os.RemoveAll(copyDir); err != nil {
		return Result{}, err
	}
	if err := os.Rename(newDir, copyDir); err != nil {
		return Result{}, err
	}
	if err := atomicfile.WriteBytes(workPath, work); err != nil {
		return Result{}, err
	}
	st := Stamp{
		PrepVersion: prepVersion, GotchVersion: gomod.GotchVersion, GotchDir: modDir, GotchSum: modSum,
		LibtorchDir: lt.Dir, LibtorchVer: lt.Version, CUDA: lt.CUDA, ABI: lt.ABI, Flags: flags,
		Stubbed: stubbed, CompileChecked: checked, InputHash: hash,
	}
	if o.Verify {
		logf(o.Log, "building and running a gotch check program (the first build compiles libtch: a few minutes)")
		if err := verifyBuild(ctx, o.Repo, copyDir, stubbed); err != nil {
			return Result{}, err
		}
		st.Verified = true
	}
	if err := writeStamp(stampPath, st); err != nil {
		return Result{}, err
	}
	return Result{Stamp: st, Extra: difference(stubbed, known)}, nil
}

// current says whether a copy with stamp s satisfies a run with inputs
// hash and options o: a copy checked or verified more than asked is fine.
func (s Stamp) current(hash string, o Options) bool {
	return s.InputHash == hash && (s.Verified || !o.Verify) && (s.CompileChecked || !o.SyntaxCheck) && isDir(s.GotchDir)
}

// stubUntilItCompiles stubs the committed list, then compiles and stubs
// what still fails, for at most o.MaxRounds compiles. It returns the
// stubbed names and whether a compile confirmed them.
func stubUntilItCompiles(ctx context.Context, o Options, libtchDir string, flags Flags, known []string, knownFile string) ([]string, bool, error) {
	genPath := filepath.Join(libtchDir, generatedFile)
	pristine, err := os.ReadFile(genPath)
	if err != nil {
		return nil, false, err
	}
	ws, err := ParseWrappers(pristine)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", genPath, err)
	}
	exists := map[string]bool{}
	for _, w := range ws {
		exists[w.Name] = true
	}
	want := map[string]bool{}
	for _, n := range known {
		if exists[n] {
			want[n] = true
		} else {
			logf(o.Log, "%s names %s, which this gotch does not generate; ignored", knownFile, n)
		}
	}
	apply := func() ([]string, error) {
		out, names, err := Stub(pristine, want)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", genPath, err)
		}
		return names, atomicfile.WriteBytes(genPath, out)
	}
	stubbed, err := apply()
	if err != nil || !o.SyntaxCheck {
		return stubbed, false, err
	}
	for round := 1; round <= o.MaxRounds; round++ {
		logf(o.Log, "compile check %d: %s -fsyntax-only torch_api.cpp (%d wrappers stubbed; ~30 s)", round, o.CXX, len(stubbed))
		ok, out, err := syntaxCheck(ctx, o.CXX, libtchDir, flags)
		if err != nil {
			return nil, false, err
		}
		if ok {
			return stubbed, true, nil
		}
		d := ParseDiagnostics(out)
		names, stray := FailingWrappers(ws, d)
		added := 0
		for _, n := range names {
			if !want[n] {
				want[n] = true
				added++
			}
		}
		if added == 0 {
			return nil, false, fmt.Errorf("%w: %d errors that stubbing cannot fix (lines outside wrappers: %v); first: %s\n%s",
				ErrStubRounds, d.Errors, stray, d.First, tail(string(out), 30))
		}
		logf(o.Log, "compile check %d: %d more wrappers fail; stubbing them", round, added)
		if stubbed, err = apply(); err != nil {
			return nil, false, err
		}
	}
	return nil, false, fmt.Errorf("%w: still failing after %d rounds", ErrStubRounds, o.MaxRounds)
}

// difference returns the names in a that are not in b, sorted.
func difference(a, b []string) []string {
	in := map[string]bool{}
	for _, n := range b {
		in[n] = true
	}
	var d []string
	for _, n := range a {
		if !in[n] {
			d = append(d, n)
		}
	}
	sort.Strings(d)
	return d
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "gotchprep: "+format+"\n", args...)
	}
}
