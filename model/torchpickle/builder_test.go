package torchpickle

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// spec is one tensor of a hand-built state dict.
type spec struct {
	name, key     string
	storage       string // torch storage class, e.g. FloatStorage
	numel         int64  // declared in the pickle
	offset        int64
	shape, stride []int64
}

// pickler writes the opcodes torch.save uses, with every int as an
// 8-byte LONG1 so that any value can be declared.
type pickler struct{ bytes.Buffer }

func (p *pickler) op(b ...byte) *pickler { p.Write(b); return p }

func (p *pickler) int(v int64) *pickler {
	p.op(0x8a, 8)
	binary.Write(p, binary.LittleEndian, v)
	return p
}

func (p *pickler) str(s string) *pickler {
	p.op('X')
	binary.Write(p, binary.LittleEndian, uint32(len(s)))
	p.WriteString(s)
	return p
}

func (p *pickler) global(module, name string) *pickler {
	p.op('c')
	p.WriteString(module + "\n" + name + "\n")
	return p
}

func (p *pickler) ints(v []int64) *pickler {
	p.op('(')
	for _, x := range v {
		p.int(x)
	}
	return p.op('t')
}

// stateDict writes {name: tensor} with zip (5) or legacy (6) storage ids.
func stateDict(specs []spec, legacy bool) []byte {
	var p pickler
	p.op(0x80, 2, '}', '(')
	for _, s := range specs {
		p.str(s.name).global("torch._utils", "_rebuild_tensor_v2").op('(')
		p.op('(').str("storage").global("torch", s.storage).str(s.key).str("cpu").int(s.numel)
		if legacy {
			p.op('N')
		}
		p.op('t', 'Q').int(s.offset).ints(s.shape).ints(s.stride).op(0x89)
		p.global("collections", "OrderedDict").op(')', 'R', 't', 'R')
	}
	p.op('u', '.')
	return p.Bytes()
}

// zipFile writes a torch zip archive: archive/data.pkl then the records.
func zipFile(t testing.TB, pkl []byte, records map[string][]byte, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	put := func(name string, b []byte) {
		f, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(b)
	}
	put("archive/data.pkl", pkl)
	for k, b := range records {
		put("archive/data/"+k, b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// legacyFile writes the five legacy pickles, then each storage as its
// count (from counts, else from len/4) and bytes.
func legacyFile(obj []byte, keys []string, data [][]byte, counts []int64) []byte {
	var b bytes.Buffer
	b.WriteString("\x80\x02\x8a\x0a" + legacyMagic + ".")
	b.WriteString("\x80\x02M\xe9\x03.")
	b.WriteString("\x80\x02}(X\x0d\x00\x00\x00little_endian\x88u.")
	b.Write(obj)
	var p pickler
	p.op(0x80, 2, ']', '(')
	for _, k := range keys {
		p.str(k)
	}
	p.op('e', '.')
	b.Write(p.Bytes())
	for i, d := range data {
		n := int64(len(d) / 4)
		if counts != nil {
			n = counts[i]
		}
		binary.Write(&b, binary.LittleEndian, n)
		b.Write(d)
	}
	return b.Bytes()
}

func floats(v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// small is a valid two-tensor state dict: w (2x3) and its transpose view.
func small() ([]spec, []byte) {
	return []spec{
		{name: "w", key: "0", storage: "FloatStorage", numel: 6, shape: []int64{2, 3}, stride: []int64{3, 1}},
		{name: "wt", key: "0", storage: "FloatStorage", numel: 6, shape: []int64{3, 2}, stride: []int64{1, 3}},
	}, floats(1, 2, 3, 4, 5, 6)
}
