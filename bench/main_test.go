package bench

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// childArg makes the test binary serve one job, as `bertvec bench --child`
// does, so that Child is tested with real processes.
const childArg = "-bench-child"

func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == childArg {
		if err := ServeChild(context.Background(), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
