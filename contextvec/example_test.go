package contextvec_test

import (
	"fmt"

	"github.com/bertvec/bertvec/contextvec"
)

// Shard 1 of 3 takes every third line, starting with the second.
func ExampleParseShard() {
	s, err := contextvec.ParseShard("1/3")
	if err != nil {
		panic(err)
	}
	for n := int64(0); n < 7; n++ {
		if s.Takes(n) {
			fmt.Print(n, " ")
		}
	}
	fmt.Println()
	// Output: 1 4
}

// An accumulator's vectors are the mean of what was added, zero for ids
// never seen.
func ExampleAccum_Means() {
	a := contextvec.NewAccum(3, 2, []int{12})
	a.Sums[0] = []float64{0, 0, 1, 3, 0, 0}
	a.Counts = []int64{0, 2, 0}
	fmt.Println(a.Means(0), a.NeverSeen())
	// Output: [0 0 0.5 1.5 0 0] 2
}
