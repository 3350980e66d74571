package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// help is a command's -h page. Every command prints it in one style:
// synopsis, one paragraph, the flags, 2–3 examples. A command adopts it by
// passing it to register:
//
//	register(command{"pull", "download a checkpoint", runPull}, help{
//		Usage:    "[flags] ORG/NAME[@REV]",
//		About:    "Downloads ... ",
//		Examples: []string{"bertvec pull cl-tohoku/bert-base-japanese"},
//	})
//
// and by creating its flags with newFlagSet and parsing with parseFlags,
// which turn -h into this page (stdout, exit 0) and a bad flag into a
// one-line error (stderr, exit 2).
type help struct {
	// Usage follows "bertvec NAME " in the synopsis, e.g.
	// "--vectors DIR [flags] WORD...". Empty means "[flags]".
	Usage string
	// About is one paragraph: what the command does and the rules a user
	// needs; newlines are kept as written.
	About string
	// Examples are whole command lines, shown indented.
	Examples []string
}

var helps = map[string]help{}

// printHelp writes name's page, with fs's flags, to w.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	h := helps[name]
	usage := h.Usage
	if usage == "" {
		usage = "[flags]"
	}
	fmt.Fprintf(w, "usage: bertvec %s %s\n\n", name, usage)
	about := h.About
	if about == "" {
		about = commands[name].summary
	}
	fmt.Fprintln(w, strings.TrimSpace(about))
	if fs != nil {
		printFlags(w, fs)
	}
	if len(h.Examples) > 0 {
		fmt.Fprintln(w, "\nexamples:")
		for _, e := range h.Examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// printFlags lists fs's flags as "--name VALUE  usage (default X)": one
// default, never two (a usage that explains its default keeps its words).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	type row struct{ left, right string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		typ, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if len(f.Name) == 1 {
			left = "-" + f.Name
		}
		if typ != "" {
			left += " " + strings.ToUpper(typ)
		}
		if showDefault(f, usage) {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	if len(rows) == 0 {
		return
	}
	sort.SliceStable(rows, func(i, j int) bool {
		return strings.TrimLeft(rows[i].left, "-") < strings.TrimLeft(rows[j].left, "-")
	})
	width = min(width, 24)
	fmt.Fprintln(w, "\nflags:")
	for _, r := range rows {
		if len(r.left) > width {
			fmt.Fprintf(w, "  %s\n  %-*s  %s\n", r.left, width, "", r.right)
			continue
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.right)
	}
}

// showDefault is false for zero defaults and for usages that already say
// what the default is.
func showDefault(f *flag.Flag, usage string) bool {
	switch f.DefValue {
	case "", "0", "false":
		return false
	}
	return !strings.Contains(usage, "default")
}

// printUsage is the top-level page: every command and its summary.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: bertvec <command> [flags]\n\nTurns a Hugging Face BERT checkpoint into word vectors and answers\nquestions about them.\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, `
Run 'bertvec help <command>' or 'bertvec <command> -h' for a command's page.
Every command takes --quiet (print nothing but errors).
Exit status: 0 done, 1 failed, 2 bad usage, 3 internal error (a bug:
please report it), 130 interrupted (Ctrl-C), 143 terminated.`)
}

// didYouMean suggests the command closest to a mistyped name (at most two
// edits away), as ", did you mean NAME?", or "".
func didYouMean(name string) string {
	best, bestD := "", 3
	for n := range commands {
		if d := editDistance(name, n); d < bestD || d == bestD && n < best {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(", did you mean %s?", best)
}

// editDistance is the Levenshtein distance between a and b, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
