package model

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// checkPickleTop looks at the first opcodes of the pickle that should hold
// the state dict and rejects the clear cases of something else: a list, a
// tuple, a single tensor, or a whole pickled object (torch.save(model)). A
// dict or OrderedDict passes, and so does anything it cannot tell.
func checkPickleTop(path string, b []byte) error {
	b = skipProtoFrame(b)
	if len(b) == 0 {
		return fmt.Errorf("%w: %s: empty pickle", ErrWeights, path)
	}
	what := ""
	switch b[0] {
	case '}': // EMPTY_DICT
		return nil
	case ']': // EMPTY_LIST
		what = "a list"
	case ')': // EMPTY_TUPLE
		what = "a tuple"
	case 'c': // GLOBAL module\nname\n
		parts := bytes.SplitN(b[1:], []byte("\n"), 3)
		if len(parts) < 3 {
			return nil
		}
		class := string(parts[0]) + "." + string(parts[1])
		switch class {
		case "collections.OrderedDict":
			return nil
		case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
			what = "a single tensor"
		default:
			what = "a pickled " + class + " object"
		}
	default:
		return nil
	}
	return fmt.Errorf("%w: %s holds %s; save model.state_dict() instead", ErrNotStateDict, path, what)
}

// skipProtoFrame drops a leading PROTO and, for protocol 4+, FRAME.
func skipProtoFrame(b []byte) []byte {
	if len(b) >= 2 && b[0] == 0x80 {
		b = b[2:]
	}
	if len(b) >= 9 && b[0] == 0x95 {
		b = b[9:]
	}
	return b
}

// skipSimplePickle skips one pickle made only of the opcodes torch.save's
// small header pickles use, returning what follows its STOP. ok is false
// at any other opcode or when b ends first.
func skipSimplePickle(b []byte) (rest []byte, ok bool) {
	// argument length of each fixed-size opcode
	fixed := map[byte]int{
		0x80: 1, // PROTO
		'}':  0, // EMPTY_DICT
		']':  0, // EMPTY_LIST
		'(':  0, // MARK
		'u':  0, // SETITEMS
		's':  0, // SETITEM
		'e':  0, // APPENDS
		0x88: 0, // NEWTRUE
		0x89: 0, // NEWFALSE
		'N':  0, // NONE
		'q':  1, // BINPUT
		'r':  4, // LONG_BINPUT
		'K':  1, // BININT1
		'M':  2, // BININT2
		'J':  4, // BININT
		0x94: 0, // MEMOIZE
	}
	for len(b) > 0 {
		op := b[0]
		b = b[1:]
		switch op {
		case '.': // STOP
			return b, true
		case 'X': // BINUNICODE: u32 length, bytes
			if len(b) < 4 || uint64(len(b)-4) < uint64(binary.LittleEndian.Uint32(b)) {
				return nil, false
			}
			b = b[4+binary.LittleEndian.Uint32(b):]
		case 0x8c: // SHORT_BINUNICODE: u8 length, bytes
			if len(b) < 1 || len(b)-1 < int(b[0]) {
				return nil, false
			}
			b = b[1+int(b[0]):]
		case 0x8a: // LONG1: u8 length, bytes
			if len(b) < 1 || len(b)-1 < int(b[0]) {
				return nil, false
			}
			b = b[1+int(b[0]):]
		default:
			n, known := fixed[op]
			if !known || len(b) < n {
				return nil, false
			}
			b = b[n:]
		}
	}
	return nil, false
}
