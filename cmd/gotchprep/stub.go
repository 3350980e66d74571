package main

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ErrWrapperShape means a generated wrapper does not have the
// `sig {` / `PROTECT(` / `)` / `}` shape that stubbing relies on.
var ErrWrapperShape = errors.New("unexpected wrapper shape")

// unavailableSuffix ends the message a stubbed wrapper raises; gotch turns it
// into the Go error of the call.
const unavailableSuffix = ": not available in the installed libtorch"

// Wrapper locates one generated `atg_*` function in torch_api_generated.cpp.h.
// Lines are 1-based, as compilers print them.
type Wrapper struct {
	Name         string
	First, Last  int // the signature line and the closing `}` line
	Protect      int // the `PROTECT(` line
	ProtectClose int // the `)` line that closes PROTECT
}

var wrapperSig = regexp.MustCompile(`^[A-Za-z_][\w \*]*?\b(atg_\w+)\(.*\{\s*$`)

// ParseWrappers finds every generated wrapper in src. A top-level line that
// starts a function must end in `{` and be closed by a line that is exactly
// `}`; anything else in between is the body.
func ParseWrappers(src []byte) ([]Wrapper, error) {
	lines := splitLines(src)
	var ws []Wrapper
	for i := 0; i < len(lines); i++ {
		m := wrapperSig.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		w := Wrapper{Name: m[1], First: i + 1}
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j])
			switch {
			case strings.TrimRight(lines[j], "\r\n") == "}":
				w.Last = j + 1
			case t == "PROTECT(" && w.Protect == 0:
				w.Protect = j + 1
			case t == ")" && w.Protect != 0:
				w.ProtectClose = j + 1
			}
			if w.Last != 0 {
				break
			}
		}
		if w.Last == 0 {
			return nil, fmt.Errorf("%s at line %d: no closing brace: %w", w.Name, w.First, ErrWrapperShape)
		}
		ws = append(ws, w)
		i = w.Last - 1
	}
	return ws, nil
}

// Stub returns src with the PROTECT body of every wrapper named in names
// replaced by a throw, so the wrapper still links and gotch reports the
// call as an ordinary error. It returns the names it stubbed, sorted, and
// fails when a name is not a wrapper in src or a wrapper has no PROTECT.
func Stub(src []byte, names map[string]bool) ([]byte, []string, error) {
	ws, err := ParseWrappers(src)
	if err != nil {
		return nil, nil, err
	}
	byFirst := map[int]Wrapper{}
	found := map[string]bool{}
	for _, w := range ws {
		if !names[w.Name] {
			continue
		}
		if w.Protect == 0 || w.ProtectClose == 0 {
			return nil, nil, fmt.Errorf("%s at line %d: no PROTECT( ... ) block: %w", w.Name, w.First, ErrWrapperShape)
		}
		byFirst[w.First] = w
		found[w.Name] = true
	}
	var missing []string
	for n := range names {
		if !found[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, nil, fmt.Errorf("no generated wrapper named %s", strings.Join(missing, ", "))
	}

	lines := splitLines(src)
	var out bytes.Buffer
	out.Grow(len(src))
	for i := 0; i < len(lines); i++ {
		w, ok := byFirst[i+1]
		if !ok {
			out.WriteString(lines[i])
			continue
		}
		for j := w.First - 1; j < w.Protect; j++ {
			out.WriteString(lines[j])
		}
		indent := lines[w.Protect-1][:len(lines[w.Protect-1])-len(strings.TrimLeft(lines[w.Protect-1], " \t"))]
		fmt.Fprintf(&out, "%s  throw std::runtime_error(%s);\n", indent, strconv.Quote(w.Name+unavailableSuffix))
		for j := w.ProtectClose - 1; j < w.Last; j++ {
			out.WriteString(lines[j])
		}
		i = w.Last - 1
	}
	stubbed := make([]string, 0, len(found))
	for n := range found {
		stubbed = append(stubbed, n)
	}
	sort.Strings(stubbed)
	return out.Bytes(), stubbed, nil
}

// splitLines splits src after each newline, keeping the newlines, so that
// joining the result gives src back byte for byte.
func splitLines(src []byte) []string {
	var lines []string
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			lines = append(lines, string(src))
			break
		}
		lines = append(lines, string(src[:i+1]))
		src = src[i+1:]
	}
	return lines
}
