package model

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// libtorch's C API names no GPU and reports no memory; nvidia-smi does, and
// is on every machine with the NVIDIA driver.

// ListGPUs asks nvidia-smi for the GPUs the driver sees; nil when there is
// no driver or no nvidia-smi.
func ListGPUs(ctx context.Context) []GPU {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits").Output()
	if err != nil {
		return nil
	}
	return parseGPUs(string(out))
}

// parseGPUs reads nvidia-smi's "index, name, memory MiB" CSV lines.
func parseGPUs(s string) []GPU {
	var out []GPU
	for _, line := range strings.Split(s, "\n") {
		f := strings.Split(line, ",")
		if len(f) != 3 {
			continue
		}
		idx, err1 := strconv.Atoi(strings.TrimSpace(f[0]))
		mem, err2 := strconv.Atoi(strings.TrimSpace(f[2]))
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, GPU{Index: idx, Name: strings.TrimSpace(f[1]), MemoryMB: mem})
	}
	return out
}
