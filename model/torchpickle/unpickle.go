package torchpickle

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

// machine is the pickle stack machine, restricted to the opcodes of
// protocols 2 to 5 that torch.save and Python's pickler emit for a state
// dict. Each opcode consumes at least one input byte and allocates a
// bounded number of bytes (or as many as it consumed), so the memory it
// uses is linear in the input.
type machine struct {
	in    *input
	stack []any
	marks []int
	memo  map[uint64]any
	// used estimates the bytes allocated so far; run fails once it exceeds
	// budget(pos), so memory stays linear in the bytes consumed.
	used int64
	// persistent resolves BINPERSID's id (the storage tuple).
	persistent func(pid any) (any, error)
}

// unpickle runs one pickle from r, which may use at most limit bytes, and
// returns the object STOP leaves and the bytes it consumed.
func unpickle(r io.Reader, limit int64, persistent func(any) (any, error)) (any, int64, error) {
	m := &machine{in: newInput(r, limit), memo: map[uint64]any{}, persistent: persistent}
	v, err := m.run()
	return v, m.in.pos, err
}

func (m *machine) corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: byte %d: %s", ErrCorrupt, m.in.pos, fmt.Sprintf(format, args...))
}

// Allocation bound: a real state dict's objects take about 4 bytes per
// pickle byte; a hostile pickle gets 16 and a fixed allowance.
const (
	bytesPerByte = 16
	allowance    = 1 << 20
)

func (m *machine) budget() int64 { return allowance + bytesPerByte*m.in.pos }

// charge accounts for n bytes of new objects.
func (m *machine) charge(n int) { m.used += int64(n) }

func (m *machine) push(v any) {
	m.charge(16)
	m.stack = append(m.stack, v)
}

// floor is the lowest stack index an opcode may take from: the last
// MARK's (items below a mark belong to an enclosing container).
func (m *machine) floor() int {
	if len(m.marks) == 0 {
		return 0
	}
	return m.marks[len(m.marks)-1]
}

func (m *machine) pop() (any, error) {
	v, err := m.top()
	if err == nil {
		m.stack = m.stack[:len(m.stack)-1]
	}
	return v, err
}

func (m *machine) top() (any, error) {
	if len(m.stack) <= m.floor() {
		return nil, m.corrupt("stack underflow")
	}
	return m.stack[len(m.stack)-1], nil
}

// popN returns the top n items in stack order (a fresh slice) and removes
// them; none may lie below the last MARK.
func (m *machine) popN(n int) ([]any, error) {
	k := len(m.stack) - n
	if k < m.floor() {
		return nil, m.corrupt("stack underflow")
	}
	items := append([]any(nil), m.stack[k:]...)
	clear(m.stack[k:])
	m.stack = m.stack[:k]
	return items, nil
}

// operands pops what APPEND (an item) and SETITEM (a key and a value)
// add, or all that their MARK-ed forms, APPENDS and SETITEMS, add, and
// returns them with the container below them, which stays on the stack.
func (m *machine) operands(op byte) (items []any, target any, err error) {
	switch op {
	case 'a':
		items, err = m.popN(1)
	case 's':
		items, err = m.popN(2)
	default:
		items, err = m.popMark()
	}
	if err != nil {
		return nil, nil, err
	}
	target, err = m.top()
	return items, target, err
}

// popMark returns the items above the last MARK (a fresh slice) and
// removes them and the mark.
func (m *machine) popMark() ([]any, error) {
	if len(m.marks) == 0 {
		return nil, m.corrupt("no MARK")
	}
	n := len(m.stack) - m.floor()
	m.marks = m.marks[:len(m.marks)-1]
	m.charge(24 + 16*n)
	return m.popN(n)
}

func (m *machine) run() (any, error) {
	for {
		op, err := m.in.byte()
		if err != nil {
			return nil, err
		}
		if op == '.' { // STOP
			return m.pop()
		}
		if err := m.step(op); err != nil {
			return nil, err
		}
		if m.used > m.budget() {
			return nil, fmt.Errorf("%w: byte %d: the pickle builds more objects (~%d bytes) than its size allows", ErrTooLarge, m.in.pos, m.used)
		}
	}
}

// step executes one opcode other than STOP.
func (m *machine) step(op byte) error {
	switch op {
	case 0x80: // PROTO
		v, err := m.in.u8()
		if err != nil {
			return err
		}
		if v < 2 || v > 5 {
			return m.corrupt("pickle protocol %d (torch.save writes 2 to 5)", v)
		}
	case 0x95: // FRAME: a size hint; only its bound matters
		n, err := m.in.u64()
		if err != nil {
			return err
		}
		return m.in.fits(n, "FRAME")
	case '(':
		m.marks = append(m.marks, len(m.stack))
	case '0': // POP
		_, err := m.pop()
		return err
	case '1': // POP_MARK
		_, err := m.popMark()
		return err
	case '2': // DUP
		v, err := m.top()
		if err != nil {
			return err
		}
		m.push(v)
	case 'N':
		m.push(nil)
	case 0x88:
		m.push(true)
	case 0x89:
		m.push(false)
	case 'J', 'K', 'M', 0x8a, 0x8b, 'G':
		return m.number(op)
	case 'X', 0x8c, 0x8d, 'T', 'U', 'B', 'C', 0x8e:
		return m.stringOp(op)
	case ')', 't', 0x85, 0x86, 0x87, ']', 'l', 'a', 'e', '}', 'd', 's', 'u':
		return m.container(op)
	case 'q', 'r', 0x94, 'h', 'j':
		return m.memoOp(op)
	case 'c', 0x93:
		return m.globalOp(op)
	case 'Q': // BINPERSID
		pid, err := m.pop()
		if err != nil {
			return err
		}
		if m.persistent == nil {
			return m.corrupt("persistent id in a pickle that holds no storages")
		}
		m.charge(128)
		v, err := m.persistent(pid)
		if err != nil {
			return fmt.Errorf("byte %d: %w", m.in.pos, err)
		}
		m.push(v)
	case 'R': // REDUCE
		args, err := m.pop()
		if err != nil {
			return err
		}
		fn, err := m.pop()
		if err != nil {
			return err
		}
		m.charge(256)
		v, err := m.call(fn, args)
		if err != nil {
			return fmt.Errorf("byte %d: %w", m.in.pos, err)
		}
		m.push(v)
	case 0x81: // NEWOBJ: cls.__new__(cls, *args); only OrderedDict
		args, err := m.pop()
		if err != nil {
			return err
		}
		cls, err := m.pop()
		if err != nil {
			return err
		}
		if g, ok := cls.(global); !ok || g.String() != "collections.OrderedDict" {
			return m.corrupt("NEWOBJ of %s", typeName(cls))
		}
		if a, ok := args.(tuple); !ok || len(a) != 0 {
			return m.corrupt("OrderedDict with arguments")
		}
		m.push(&dict{})
	case 'b': // BUILD: only the _metadata a state dict's OrderedDict carries
		if _, err := m.pop(); err != nil {
			return err
		}
		v, err := m.top()
		if err != nil {
			return err
		}
		if _, ok := v.(*dict); !ok {
			return m.corrupt("BUILD on %s", typeName(v))
		}
	default:
		return m.corrupt("opcode 0x%02x is not one torch.save writes", op)
	}
	return nil
}

func (m *machine) number(op byte) error {
	switch op {
	case 'J': // BININT
		v, err := m.in.u32()
		m.push(int64(int32(uint32(v))))
		return err
	case 'K': // BININT1
		v, err := m.in.u8()
		m.push(int64(v))
		return err
	case 'M': // BININT2
		v, err := m.in.u16()
		m.push(int64(v))
		return err
	case 'G': // BINFLOAT, big-endian
		a, err := m.in.fixed(8)
		m.push(math.Float64frombits(binary.BigEndian.Uint64(a[:])))
		return err
	}
	var n uint64
	var err error
	if op == 0x8a { // LONG1
		n, err = m.in.u8()
	} else { // LONG4
		n, err = m.in.u32()
		if err == nil && n > 1<<16 {
			return m.corrupt("LONG4 of %d bytes", n)
		}
	}
	if err != nil {
		return err
	}
	b, err := m.in.take(n, "long")
	if err != nil {
		return err
	}
	m.charge(2*len(b) + 32)
	if n > 8 {
		m.push(bigInt(b))
		return nil
	}
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	if n > 0 && n < 8 && b[n-1]&0x80 != 0 { // sign-extend
		v |= ^uint64(0) << (8 * n)
	}
	m.push(int64(v))
	return nil
}

func (m *machine) stringOp(op byte) error {
	var n uint64
	var err error
	switch op {
	case 0x8c, 'U', 'C': // SHORT_BINUNICODE, SHORT_BINSTRING, SHORT_BINBYTES
		n, err = m.in.u8()
	case 'X', 'B': // BINUNICODE, BINBYTES
		n, err = m.in.u32()
	case 'T': // BINSTRING: signed
		n, err = m.in.u32()
		if int32(uint32(n)) < 0 {
			return m.corrupt("BINSTRING of negative length")
		}
	default: // BINUNICODE8, BINBYTES8
		n, err = m.in.u64()
	}
	if err != nil {
		return err
	}
	b, err := m.in.take(n, "string")
	if err != nil {
		return err
	}
	m.charge(2*len(b) + 32)
	switch op {
	case 'B', 'C', 0x8e:
		m.push(pyBytes(b))
	default:
		if !utf8.Valid(b) {
			return m.corrupt("string is not UTF-8")
		}
		m.push(string(b))
	}
	return nil
}

func (m *machine) container(op byte) error {
	switch op {
	case ')':
		m.charge(24)
		m.push(tuple{})
	case ']':
		m.charge(48)
		m.push(&list{})
	case '}':
		m.charge(64)
		m.push(&dict{})
	case 't', 'l', 'd':
		items, err := m.popMark()
		if err != nil {
			return err
		}
		switch op {
		case 't':
			m.push(tuple(items))
		case 'l':
			m.push(&list{items: items})
		default:
			d := &dict{}
			if err := m.setItems(d, items); err != nil {
				return err
			}
			m.push(d)
		}
	case 0x85, 0x86, 0x87: // TUPLE1..3
		n := int(op - 0x84)
		items, err := m.popN(n)
		if err != nil {
			return err
		}
		m.charge(24 + 16*n)
		m.push(tuple(items))
	case 'a', 'e': // APPEND, APPENDS
		items, target, err := m.operands(op)
		if err != nil {
			return err
		}
		l, ok := target.(*list)
		if !ok {
			return m.corrupt("APPEND to %s", typeName(target))
		}
		m.charge(32 * len(items))
		l.items = append(l.items, items...)
	case 's', 'u': // SETITEM, SETITEMS
		items, target, err := m.operands(op)
		if err != nil {
			return err
		}
		d, ok := target.(*dict)
		if !ok {
			return m.corrupt("SETITEM on %s", typeName(target))
		}
		return m.setItems(d, items)
	}
	return nil
}

func (m *machine) setItems(d *dict, items []any) error {
	if len(items)%2 != 0 {
		return m.corrupt("odd number of items for a dict")
	}
	for i := 0; i < len(items); i += 2 {
		switch items[i].(type) {
		case string, int64, bool, nil, pyBytes, float64, tuple:
		default:
			return m.corrupt("dict key of type %s", typeName(items[i]))
		}
		m.charge(64)
		d.keys = append(d.keys, items[i])
		d.vals = append(d.vals, items[i+1])
	}
	return nil
}

func (m *machine) memoOp(op byte) error {
	var idx uint64
	var err error
	switch op {
	case 'q', 'h':
		idx, err = m.in.u8()
	case 'r', 'j':
		idx, err = m.in.u32()
	case 0x94:
		idx = uint64(len(m.memo))
	}
	if err != nil {
		return err
	}
	if op == 'h' || op == 'j' { // GET
		v, ok := m.memo[idx]
		if !ok {
			return m.corrupt("memo %d was never stored", idx)
		}
		m.push(v)
		return nil
	}
	v, err := m.top()
	if err != nil {
		return err
	}
	m.charge(64)
	m.memo[idx] = v
	return nil
}

func (m *machine) globalOp(op byte) error {
	var module, name string
	if op == 'c' {
		var err error
		if module, err = m.in.line(256); err != nil {
			return err
		}
		if name, err = m.in.line(256); err != nil {
			return err
		}
	} else { // STACK_GLOBAL
		items, err := m.popN(2)
		if err != nil {
			return err
		}
		var ok1, ok2 bool
		module, ok1 = items[0].(string)
		name, ok2 = items[1].(string)
		if !ok1 || !ok2 {
			return m.corrupt("STACK_GLOBAL of %s and %s", typeName(items[0]), typeName(items[1]))
		}
	}
	m.charge(len(module) + len(name) + 64)
	g, err := lookup(module, name)
	if err != nil {
		return fmt.Errorf("byte %d: %w", m.in.pos, err)
	}
	m.push(g)
	return nil
}
