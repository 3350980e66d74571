package safetensors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode/utf8"
)

// ErrHeader reports a malformed header: bad length, bad JSON, or tensor
// entries whose offsets, shapes and dtypes do not fit together.
var ErrHeader = errors.New("safetensors: invalid header")

// MaxHeaderSize caps the JSON header, as the reference implementation does.
const MaxHeaderSize = 100_000_000

// maxBytes bounds one tensor's byte length so that element counts and
// offsets never overflow int64 or int.
const maxBytes = math.MaxInt64 / 2

// TensorInfo describes one tensor of a file.
type TensorInfo struct {
	Name  string
	DType DType
	Shape []int
	// Begin and End are byte offsets into the data area, End exclusive.
	Begin, End int64
}

// NumElements is the product of Shape (1 for a scalar).
func (t TensorInfo) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Header is a parsed safetensors header.
type Header struct {
	Metadata map[string]string
	// Tensors are in data-area order (ascending Begin).
	Tensors []TensorInfo
	// DataLen is the size the data area must have: the last tensor's End.
	DataLen int64
	index   map[string]int
}

// Info returns the tensor called name.
func (h *Header) Info(name string) (TensorInfo, bool) {
	i, ok := h.index[name]
	if !ok {
		return TensorInfo{}, false
	}
	return h.Tensors[i], true
}

// Names returns the tensor names in sorted order.
func (h *Header) Names() []string {
	names := make([]string, len(h.Tensors))
	for i, t := range h.Tensors {
		names[i] = t.Name
	}
	slices.Sort(names)
	return names
}

type rawTensor struct {
	DType       *string  `json:"dtype"`
	Shape       *[]int64 `json:"shape"`
	DataOffsets *[]int64 `json:"data_offsets"`
}

// ParseHeader parses and checks the JSON header (the n bytes after the
// length prefix). It checks everything that does not need the file size;
// Open then requires DataLen to equal the data area's size.
func ParseHeader(b []byte) (*Header, error) {
	if len(b) > MaxHeaderSize {
		return nil, fmt.Errorf("%w: %d bytes is over the %d-byte limit", ErrHeader, len(b), MaxHeaderSize)
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("%w: does not start with '{'", ErrHeader)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: not UTF-8", ErrHeader)
	}
	h := &Header{index: make(map[string]int)}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the opening '{'
		return nil, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrHeader, err)
		}
		name := tok.(string) // object keys are always strings
		if seen[name] {
			return nil, fmt.Errorf("%w: %q appears twice", ErrHeader, name)
		}
		seen[name] = true
		if name == "__metadata__" {
			if err := dec.Decode(&h.Metadata); err != nil {
				return nil, fmt.Errorf("%w: __metadata__ must map strings to strings: %v", ErrHeader, err)
			}
			continue
		}
		t, err := decodeTensor(dec, name)
		if err != nil {
			return nil, err
		}
		h.Tensors = append(h.Tensors, t)
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrHeader)
	}
	if err := h.layout(); err != nil {
		return nil, err
	}
	return h, nil
}

func decodeTensor(dec *json.Decoder, name string) (TensorInfo, error) {
	var raw rawTensor
	if err := dec.Decode(&raw); err != nil {
		return TensorInfo{}, fmt.Errorf("%w: tensor %q: %v", ErrHeader, name, err)
	}
	if raw.DType == nil || raw.Shape == nil || raw.DataOffsets == nil {
		return TensorInfo{}, fmt.Errorf("%w: tensor %q needs dtype, shape and data_offsets", ErrHeader, name)
	}
	dt, err := ParseDType(*raw.DType)
	if err != nil {
		return TensorInfo{}, fmt.Errorf("%w: tensor %q: %w", ErrHeader, name, err)
	}
	t := TensorInfo{Name: name, DType: dt, Shape: make([]int, len(*raw.Shape))}
	size := int64(dt.Size())
	for i, d := range *raw.Shape {
		if d < 0 || (d > 0 && size > maxBytes/d) {
			return TensorInfo{}, fmt.Errorf("%w: tensor %q: bad shape %v", ErrHeader, name, *raw.Shape)
		}
		t.Shape[i] = int(d)
		size *= d
	}
	off := *raw.DataOffsets
	if len(off) != 2 || off[0] < 0 || off[1] < off[0] {
		return TensorInfo{}, fmt.Errorf("%w: tensor %q: bad data_offsets %v", ErrHeader, name, off)
	}
	if off[1]-off[0] != size {
		return TensorInfo{}, fmt.Errorf("%w: tensor %q: data_offsets %v hold %d bytes, but %s%v needs %d",
			ErrHeader, name, off, off[1]-off[0], dt, t.Shape, size)
	}
	t.Begin, t.End = off[0], off[1]
	return t, nil
}

// layout sorts the tensors by offset and requires them to tile [0, DataLen).
func (h *Header) layout() error {
	slices.SortStableFunc(h.Tensors, func(a, b TensorInfo) int {
		if a.Begin != b.Begin {
			return cmpInt64(a.Begin, b.Begin)
		}
		return cmpInt64(a.End, b.End)
	})
	var end int64
	for i, t := range h.Tensors {
		if t.Begin != end {
			what := "gap before"
			if t.Begin < end {
				what = "overlap at"
			}
			return fmt.Errorf("%w: %s tensor %q (begins at %d, previous tensor ends at %d)", ErrHeader, what, t.Name, t.Begin, end)
		}
		end = t.End
		h.index[t.Name] = i
	}
	h.DataLen = end
	return nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
