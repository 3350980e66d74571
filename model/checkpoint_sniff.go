package model

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/bertvec/bertvec/internal/regfile"
	"github.com/bertvec/bertvec/model/safetensors"
)

// legacyMagic is how legacy torch.save starts: pickle protocol 2, then the
// pickled magic number 0x1950a86a20f9469cfc6c (LONG1, 10 bytes), then STOP.
var legacyMagic = []byte("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.")

// DetectFormat reads the first bytes of a weight file and names its format.
func DetectFormat(path string) (WeightFormat, error) {
	f, err := regfile.Open(path)
	if errors.Is(err, regfile.ErrNotRegular) {
		return 0, fmt.Errorf("%w: %w", ErrWeights, err)
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMissingFile, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, fmt.Errorf("%w: %s: %w", ErrWeights, path, err)
	}
	if format, ok := sniff(head[:n]); ok {
		return format, nil
	}
	return 0, fmt.Errorf("%w: %s is not safetensors, a torch zip archive or a legacy torch.save file (starts with %q)",
		ErrWeights, path, head[:n])
}

func sniff(head []byte) (WeightFormat, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatBinZip, true
	case bytes.HasPrefix(head, legacyMagic):
		return FormatBinLegacy, true
	case len(head) >= 9 && head[8] == '{' && binary.LittleEndian.Uint64(head) <= safetensors.MaxHeaderSize:
		return FormatSafetensors, true
	}
	return 0, false
}

// checkWeights does the cheap structural checks for ck.Format.
func (ck *Checkpoint) checkWeights() error {
	isBin := strings.HasSuffix(ck.WeightsPath, ".bin")
	switch ck.Format {
	case FormatSafetensors:
		if isBin {
			return fmt.Errorf("%w: %s holds safetensors, not a torch.save file; rename it %s", ErrWeights, ck.WeightsPath, SafetensorsFile)
		}
		return ck.checkSafetensors()
	case FormatBinZip:
		if !isBin {
			return fmt.Errorf("%w: %s is a torch zip archive, not safetensors; rename it %s", ErrWeights, ck.WeightsPath, BinFile)
		}
		return checkZip(ck.WeightsPath)
	default:
		if !isBin {
			return fmt.Errorf("%w: %s is a legacy torch.save file, not safetensors; rename it %s", ErrWeights, ck.WeightsPath, BinFile)
		}
		return checkLegacy(ck.WeightsPath)
	}
}

// checkSafetensors reads the header (Open checks it against the file
// size), maps the keys and checks every encoder tensor's shape and dtype.
func (ck *Checkpoint) checkSafetensors() error {
	f, err := safetensors.Open(ck.WeightsPath)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrWeights, err)
	}
	defer f.Close()
	if ck.Keys, err = MapKeys(f.Names()); err != nil {
		return fmt.Errorf("%s: %w", ck.WeightsPath, err)
	}
	found := make(map[string][]int, len(ck.Keys.Raw))
	ck.DTypes = make(map[string]int)
	for name, key := range ck.Keys.Raw {
		info, _ := f.Info(key)
		found[name] = info.Shape
		ck.DTypes[info.DType.String()]++
		switch info.DType {
		case safetensors.F32, safetensors.F16, safetensors.BF16:
		default:
			return fmt.Errorf("%w: %s: tensor %s is %s; want F32, F16 or BF16", ErrWeights, ck.WeightsPath, key, info.DType)
		}
	}
	if err := CheckShapes(found, ck.Config); err != nil {
		return fmt.Errorf("%s: %w", ck.WeightsPath, err)
	}
	return nil
}

// checkZip reads the zip's central directory, which sits at the end of the
// file, so a truncated download fails here, checks the pickle's top (to
// name what a wrong object is), then parses the whole pickle.
func checkZip(p string) error {
	fh, err := regfile.Open(p)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrWeights, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrWeights, err)
	}
	zr, err := zip.NewReader(fh, st.Size())
	if err != nil {
		return fmt.Errorf("%w: %s is truncated or corrupt: %v", ErrWeights, p, err)
	}
	var pkl *zip.File
	for _, f := range zr.File {
		// torch writes <archive>/data.pkl, <archive>/data/<storage>, ...
		if dir, base := path.Split(f.Name); base == "data.pkl" && strings.Count(dir, "/") == 1 {
			pkl = f
			break
		}
	}
	if pkl == nil {
		return fmt.Errorf("%w: %s is a zip archive without <archive>/data.pkl, not a torch.save file", ErrWeights, p)
	}
	r, err := pkl.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %s: %v", ErrWeights, p, pkl.Name, err)
	}
	defer r.Close()
	head := make([]byte, 256)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("%w: %s: %s: %v", ErrWeights, p, pkl.Name, err)
	}
	if err := checkPickleTop(p, head[:n]); err != nil {
		return err
	}
	return checkTorchFile(p)
}

// checkLegacy skips the three small pickles at the top of a legacy file
// (magic number, protocol version, sys_info) and checks the fourth's top.
func checkLegacy(p string) error {
	f, err := regfile.Open(p)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrWeights, err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("%w: %s: %v", ErrWeights, p, err)
	}
	rest := head[:n]
	for range 3 {
		var ok bool
		if rest, ok = skipSimplePickle(rest); !ok {
			return checkTorchFile(p) // an unusual header: the parser says what
		}
	}
	if err := checkPickleTop(p, rest); err != nil {
		return err
	}
	return checkTorchFile(p)
}
