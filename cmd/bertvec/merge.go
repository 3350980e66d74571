package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/vecdir"
)

func init() {
	register(command{"merge", "merge the shards of an extract --shard run into one vectors directory", runMerge}, help{
		Usage: "--out DIR SHARD_DIR...",
		About: `Each SHARD_DIR is the --out of one "bertvec extract --shard i/n" run.
merge checks that the shards are 0..n-1 of one run, each exactly once (same
model, kinds, and for context the same corpus and layers), and writes the
files a single run would. Context shards (lines i mod n) hold float64 sums:
merge adds them and their counts and writes context.npy (or
context_L<n>.npy) and context_count.npy, the counts identical to a single
run's and the vectors within 1e-6. Static and dynamic shards hold ranges of
whole batches of ids: merge concatenates them into files byte-identical to
a single run's.`,
		Examples: []string{
			"bertvec merge --out vectors shard-0 shard-1 shard-2",
			"bertvec extract --model M --out s1 --kinds dynamic --shard 1/4   # then merge s0..s3",
			"bertvec merge --force --out vectors shard-*",
		},
	})
}

func runMerge(args []string, stdout, stderr io.Writer) error {
	var out string
	var force bool
	fs := newFlagSet("merge", stderr)
	fs.StringVar(&out, "out", "", "output directory (required)")
	fs.BoolVar(&force, "force", false, "overwrite bertvec's files in --out")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if out == "" {
		return usagef("--out is required")
	}
	if len(rest) == 0 {
		return usagef("give the shard directories to merge")
	}
	rep, err := pipeline.Merge(out, rest, force)
	if err != nil {
		return extractHint(err)
	}
	stdout = reportTo(stdout, stderr)
	for _, k := range rep.Meta.KindList() {
		km := rep.Meta.Kind(k)
		fmt.Fprintf(stdout, "%-10s %s  %d x %d", k, filepath.Join(out, km.File), km.Shape[0], km.Shape[1])
		if c := km.Corpus; c != nil {
			fmt.Fprintf(stdout, "  %d shards, %d tokens, %d ids never seen", c.Merged, c.Tokens, c.NeverSeen)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(out, vecdir.MetaFile))
	return nil
}
