//go:build !unix

package tokenize

// cpuSeconds is unknown here; the MB/s/core metric is then not reported.
func cpuSeconds() float64 { return 0 }
