package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// gotchPath is the module this step prepares.
const gotchPath = "github.com/sugarme/gotch"

// skipDirs are top-level directories of gotch that no importer needs: the
// code generator with its 30 MB of YAML, and the examples with their models.
var skipDirs = map[string]bool{"example": true, "gen": true}

// GoMod is what gotchprep needs from the main module's go.mod.
type GoMod struct {
	Go           string // the go line, e.g. "1.26.8"
	Toolchain    string // the toolchain line, if any
	GotchVersion string // the required gotch version
}

var (
	goLine        = regexp.MustCompile(`(?m)^go\s+(\S+)\s*$`)
	toolchainLine = regexp.MustCompile(`(?m)^toolchain\s+(\S+)\s*$`)
	gotchRequire  = regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(gotchPath) + `\s+(v\S+)`)
)

// ParseGoMod reads the go line and the gotch requirement from go.mod.
func ParseGoMod(b []byte) (GoMod, error) {
	var m GoMod
	if s := goLine.FindSubmatch(b); s != nil {
		m.Go = string(s[1])
	} else {
		return m, errors.New("go.mod has no go line")
	}
	if s := toolchainLine.FindSubmatch(b); s != nil {
		m.Toolchain = string(s[1])
	}
	if s := gotchRequire.FindSubmatch(b); s != nil {
		m.GotchVersion = string(s[1])
	} else {
		return m, fmt.Errorf("go.mod does not require %s; run: go get %s@v0.9.1", gotchPath, gotchPath)
	}
	return m, nil
}

// downloadModule returns the module cache directory of gotch at version,
// downloading it if needed.
func downloadModule(repo, version string) (dir, sum string, err error) {
	cmd := exec.Command("go", "mod", "download", "-json", gotchPath+"@"+version)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	var info struct{ Dir, Sum, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", "", fmt.Errorf("go mod download %s@%s: %s", gotchPath, version, info.Error)
	}
	if err != nil {
		return "", "", fmt.Errorf("go mod download %s@%s: %w%s", gotchPath, version, err, stderrOf(err))
	}
	if info.Dir == "" {
		return "", "", fmt.Errorf("go mod download %s@%s: no Dir in %q", gotchPath, version, out)
	}
	return info.Dir, info.Sum, nil
}

// copyModule copies the read-only module at src into dst (which must not
// exist) with writable modes, leaving out skipDirs.
func copyModule(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if skipDirs[rel] {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil // the module cache holds no links; ignore oddities
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// stderrOf returns ": <stderr>" for a failed exec, or "".
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return ": " + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
