package main

import (
	"bufio"
	"bytes"
	"regexp"
	"sort"
	"strconv"
)

// generatedFile is the header, included by torch_api.cpp, that holds the
// generated wrappers.
const generatedFile = "torch_api_generated.cpp.h"

var (
	// diagLine matches any diagnostic or "required from" location in the
	// generated header, e.g. "torch_api_generated.cpp.h:1465:45:".
	diagLine = regexp.MustCompile(`(?:^|[/\s])` + regexp.QuoteMeta(generatedFile) + `:(\d+):\d+:`)
	// inFunction matches g++'s "In function 'void atg_x(...)':" context
	// line, whatever quote characters the locale uses.
	inFunction = regexp.MustCompile(`In function .*?\b(atg_\w+)\(`)
	// errorLine matches a real error anywhere, e.g. "x.h:3:4: error: ...".
	errorLine = regexp.MustCompile(`:\d+:\d+: (?:fatal )?error: `)
)

// Diagnosis is what a failed compile says about the generated wrappers.
type Diagnosis struct {
	Lines  []int    // lines of the generated header that diagnostics point at, sorted
	Named  []string // wrappers named by "In function" context lines, sorted
	Errors int      // number of error lines of any file
	First  string   // the first error line, for messages
}

// ParseDiagnostics reads g++ output.
func ParseDiagnostics(out []byte) Diagnosis {
	var d Diagnosis
	lines := map[int]bool{}
	named := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		l := sc.Text()
		if errorLine.MatchString(l) {
			d.Errors++
			if d.First == "" {
				d.First = l
			}
		}
		for _, m := range diagLine.FindAllStringSubmatch(l, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil {
				lines[n] = true
			}
		}
		if m := inFunction.FindStringSubmatch(l); m != nil {
			named[m[1]] = true
		}
	}
	for n := range lines {
		d.Lines = append(d.Lines, n)
	}
	sort.Ints(d.Lines)
	for n := range named {
		d.Named = append(d.Named, n)
	}
	sort.Strings(d.Named)
	return d
}

// FailingWrappers maps a diagnosis onto the wrappers of the generated header:
// the wrappers enclosing a diagnosed line, plus those named outright. Lines
// outside every wrapper are returned as stray; they cannot be stubbed.
func FailingWrappers(ws []Wrapper, d Diagnosis) (names []string, stray []int) {
	set := map[string]bool{}
	known := map[string]bool{}
	for _, w := range ws {
		known[w.Name] = true
	}
	for _, n := range d.Lines {
		// ws is in file order, so binary search for the last wrapper
		// starting at or before n.
		i := sort.Search(len(ws), func(i int) bool { return ws[i].First > n }) - 1
		if i >= 0 && n <= ws[i].Last {
			set[ws[i].Name] = true
		} else {
			stray = append(stray, n)
		}
	}
	for _, n := range d.Named {
		if known[n] {
			set[n] = true
		}
	}
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, stray
}
