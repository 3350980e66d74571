package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/bertvec/bertvec/mecab"
	"github.com/bertvec/bertvec/model"
)

// version is set at build time with -ldflags "-X main.version=..."; when it
// is not, the module version from the build info is used.
var version = "0.1.0-dev"

// buildCommit is set by `make build` with -ldflags "-X
// main.buildCommit=...": Go stamps vcs.revision only outside workspace mode.
var buildCommit = ""

// mecabVersion is the MeCab library bertvec is linked with, or why none.
func mecabVersion() string {
	v, err := mecab.Version()
	if err != nil {
		return "not built in (CGO_ENABLED=0 or -tags nomecab)"
	}
	return v
}

func init() {
	register(command{"version", "print the versions of bertvec, Go, libtorch and MeCab", runVersion}, help{
		About: `Prints bertvec's version and the commit it was built from (from Go's
build information; "+dirty" when the tree had changes), the Go version, the
libtorch bertvec is linked with, and MeCab's. 'bertvec --version' is the same.`,
		Examples: []string{"bertvec version", "bertvec --version"},
	})
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("version takes no arguments, got %q", rest)
	}
	v, commit := buildVersion(debug.ReadBuildInfo())
	fmt.Fprintf(stdout, "bertvec  %s (commit %s)\n", v, commit)
	fmt.Fprintf(stdout, "go       %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "libtorch %s\n", model.Runtime().Version)
	fmt.Fprintf(stdout, "mecab    %s\n", mecabVersion())
	return nil
}

// buildVersion is bertvec's version and commit: the -ldflags version wins
// over a "(devel)" module version; the commit is the build info's
// vcs.revision, shortened, with "+dirty" for vcs.modified, or else the
// one make stamped (buildCommit), or "unknown".
func buildVersion(bi *debug.BuildInfo, ok bool) (ver, rev string) {
	ver, rev = version, "unknown"
	if buildCommit != "" {
		rev = buildCommit
	}
	if !ok || bi == nil {
		return ver, rev
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" && version == "0.1.0-dev" {
		ver = v
	}
	var vcs string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			vcs = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if vcs != "" {
		rev = vcs
		if dirty {
			rev += "+dirty"
		}
	}
	return ver, rev
}
