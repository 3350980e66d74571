package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// prepVersion changes whenever gotchprep's output for the same inputs
// changes, so that old copies are redone.
const prepVersion = 2

// stampName is the stamp file, inside the prepared copy.
const stampName = ".bertvec-prep.json"

// Stamp records what a prepared copy was made from.
type Stamp struct {
	PrepVersion    int      `json:"prep_version"`
	GotchVersion   string   `json:"gotch_version"`
	GotchDir       string   `json:"gotch_dir"`
	GotchSum       string   `json:"gotch_sum"`
	LibtorchDir    string   `json:"libtorch_dir"`
	LibtorchVer    string   `json:"libtorch_version"`
	CUDA           bool     `json:"cuda"`
	ABI            int      `json:"abi"`
	Flags          Flags    `json:"flags"`
	Stubbed        []string `json:"stubbed"`
	CompileChecked bool     `json:"compile_checked"`
	Verified       bool     `json:"verified"`
	InputHash      string   `json:"input_hash"`
}

// InputHash hashes everything the prepared copy depends on that can be
// known without running a subprocess: the gotch version, libtorch's identity
// (its dir, version, and the size and mtime of libtorch.so and version.h,
// which change on upgrade), the flags, and the committed stub list.
func InputHash(m GoMod, lt Libtorch, f Flags, stubList []byte) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(prepVersion)
	_ = enc.Encode(m.GotchVersion) // not the go line: go.work alone follows that
	_ = enc.Encode(lt)
	_ = enc.Encode(f)
	for _, p := range []string{
		filepath.Join(lt.LibDir, "libtorch.so"),
		filepath.Join(lt.IncludeDirs[len(lt.IncludeDirs)-1], "torch", "version.h"),
	} {
		if fi, err := os.Stat(p); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	h.Write(stubList)
	return hex.EncodeToString(h.Sum(nil))
}

func readStamp(path string) (Stamp, error) {
	var s Stamp
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}

func writeStamp(path string, s Stamp) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, append(b, '\n'))
}
