package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/bertvec/bertvec/internal/table"
	"github.com/bertvec/bertvec/search"
)

// writeResults writes results as the CLI's human table: rank, token, id,
// distance, cosine, one result a line under a header, the token column as
// wide as its widest token in terminal columns (see internal/table).
func writeResults(w io.Writer, rs []search.Result) error {
	tw := 5 // len("token")
	for _, r := range rs {
		tw = max(tw, table.Width(r.Token))
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%4s  %s  %6s  %10s  %7s\n", "rank", table.Pad("token", tw), "id", "distance", "cosine")
	for _, r := range rs {
		fmt.Fprintf(bw, "%4d  %s  %6d  %10.4f  %7.4f\n", r.Rank, table.Pad(r.Token, tw), r.ID, r.Distance, r.Cosine)
	}
	return bw.Flush()
}

// searchHint adds the flag that is the way out to a search error: the
// search package names no flags.
func searchHint(err error) error {
	if errors.Is(err, search.ErrZeroQuery) {
		return fmt.Errorf("%w (try --metric l2)", err)
	}
	return err
}
