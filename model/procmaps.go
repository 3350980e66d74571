package model

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// The native libraries a process really runs on are the ones mapped into
// it; /proc/self/maps is the ground truth that neither build flags nor
// Debian's alternatives settings can misreport.

// mappedLibs returns the distinct file paths of the shared objects listed
// in a /proc/<pid>/maps stream, in order of first appearance.
func mappedLibs(r io.Reader) []string {
	var out []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			continue
		}
		p := strings.Join(f[5:], " ")
		if !strings.HasPrefix(p, "/") || !strings.Contains(filepath.Base(p), ".so") || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// classifyBLAS picks the BLAS among libs and says which kind it is.
// Debian installs every BLAS as libblas.so.3 in a directory named after
// the implementation (openblas-pthread/, blas/, blis-openmp/ ...).
func classifyBLAS(libs []string) (string, BLASKind) {
	var found string
	for _, p := range libs {
		b := filepath.Base(p)
		switch {
		case strings.HasPrefix(b, "libopenblas"):
			return p, BLASOpenBLAS
		case strings.HasPrefix(b, "libmkl_rt") || strings.HasPrefix(b, "libmkl_core"):
			return p, BLASMKL
		case strings.HasPrefix(b, "libblis"):
			return p, BLASBLIS
		case strings.HasPrefix(b, "libblas.so"):
			found = p
		}
	}
	if found == "" {
		return "", BLASUnknown
	}
	dir := filepath.Base(filepath.Dir(found))
	switch {
	case strings.HasPrefix(dir, "openblas"):
		return found, BLASOpenBLAS
	case strings.HasPrefix(dir, "blis"):
		return found, BLASBLIS
	case strings.HasPrefix(dir, "mkl") || strings.Contains(dir, "intel"):
		return found, BLASMKL
	case dir == "blas" || dir == "netlib":
		return found, BLASReference
	}
	return found, BLASUnknown
}

var soVersion = regexp.MustCompile(`libtorch_cpu\.so\.(\d+(?:\.\d+)*)$`)

// torchLibs reports the libtorch version and whether the CUDA backend is
// mapped. Debian's libraries carry the version in their file names; the
// official zips carry a build-version file beside lib/.
func torchLibs(libs []string) (version string, cuda bool) {
	for _, p := range libs {
		b := filepath.Base(p)
		if strings.HasPrefix(b, "libtorch_cuda") {
			cuda = true
		}
		if !strings.HasPrefix(b, "libtorch_cpu.so") || version != "" {
			continue
		}
		if m := soVersion.FindStringSubmatch(b); m != nil {
			version = m[1]
		} else if data, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(p)), "build-version")); err == nil {
			version = strings.TrimSpace(string(data))
		}
	}
	if version == "" {
		version = "unknown"
	}
	return version, cuda
}

// selfLibs lists the shared objects mapped into this process.
func selfLibs() []string {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	return mappedLibs(f)
}
