package npy

import (
	"strconv"
	"strings"
)

// header is the part of the header dictionary bertvec cares about.
type header struct {
	rows, cols int
}

// parseDict parses the Python dict literal of a .npy header. It accepts the
// small literal grammar NumPy writes (and its reader would eval): quoted
// keys, values that are strings, True/False or tuples of non-negative ints,
// optional trailing commas, whitespace anywhere between tokens. It then
// insists on exactly the keys descr, fortran_order and shape.
func parseDict(s string) (header, error) {
	descr, shape, err := parseAny(s)
	if err != nil {
		return header{}, err
	}
	if descr.str != "<f4" {
		return header{}, errf(ErrDtype, "dtype %s not supported: want '<f4' (float32)", descr.raw)
	}
	if len(shape.ints) != 2 {
		return header{}, errf(ErrShape, "shape %s is %d-D: want 2-D (rows, cols)", shape.raw, len(shape.ints))
	}
	return header{rows: shape.ints[0], cols: shape.ints[1]}, nil
}

// parseAny parses a header dict of any dtype and shape, C order.
func parseAny(s string) (descr, shape value, err error) {
	p := &dictParser{s: s}
	vals, err := p.dict()
	if err != nil {
		return value{}, value{}, err
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if _, ok := vals[k]; !ok {
			return value{}, value{}, errf(ErrHeader, "malformed .npy header: no %q key", k)
		}
	}
	if len(vals) != 3 {
		return value{}, value{}, errf(ErrHeader, "malformed .npy header: unexpected keys (want descr, fortran_order, shape)")
	}
	if d := vals["descr"]; d.kind != strVal {
		return value{}, value{}, errf(ErrDtype, "dtype %s not supported", d.raw)
	}
	if f := vals["fortran_order"]; f.kind != boolVal {
		return value{}, value{}, errf(ErrHeader, "malformed .npy header: fortran_order is %s, want True or False", f.raw)
	} else if f.b {
		return value{}, value{}, errf(ErrOrder, "fortran_order True not supported: want C (row-major) order")
	}
	sh := vals["shape"]
	if sh.kind != tupleVal {
		return value{}, value{}, errf(ErrHeader, "malformed .npy header: shape is %s, want a tuple", sh.raw)
	}
	return vals["descr"], sh, nil
}

type valKind int

const (
	strVal valKind = iota
	boolVal
	tupleVal
	listVal
)

type value struct {
	kind valKind
	raw  string // source text, for error messages
	str  string
	b    bool
	ints []int
}

type dictParser struct {
	s   string
	pos int
}

func (p *dictParser) fail(what string) error {
	return errf(ErrHeader, "malformed .npy header: %s at byte %d", what, p.pos)
}

func (p *dictParser) skipSpace() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// eat consumes c (after whitespace) and reports whether it was there.
func (p *dictParser) eat(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *dictParser) dict() (map[string]value, error) {
	if !p.eat('{') {
		return nil, p.fail("want '{'")
	}
	vals := map[string]value{}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if _, dup := vals[key]; dup {
			return nil, p.fail("duplicate key " + strconv.Quote(key))
		}
		if !p.eat(':') {
			return nil, p.fail("want ':'")
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		vals[key] = v
		if !p.eat(',') {
			if !p.eat('}') {
				return nil, p.fail("want ',' or '}'")
			}
			break
		}
	}
	p.skipSpace()
	if p.pos != len(p.s) {
		return nil, p.fail("trailing bytes after '}'")
	}
	return vals, nil
}

// str parses a quoted string without escapes (NumPy never writes any).
func (p *dictParser) str() (string, error) {
	p.skipSpace()
	if p.pos >= len(p.s) || (p.s[p.pos] != '\'' && p.s[p.pos] != '"') {
		return "", p.fail("want a quoted string")
	}
	q := p.s[p.pos]
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		return "", p.fail("unterminated string")
	}
	body := p.s[p.pos+1 : p.pos+1+end]
	if strings.ContainsAny(body, "\\\n") {
		return "", p.fail("escape or newline in string")
	}
	p.pos += end + 2
	return body, nil
}

func (p *dictParser) value() (value, error) {
	p.skipSpace()
	start := p.pos
	if p.pos >= len(p.s) {
		return value{}, p.fail("want a value")
	}
	var v value
	switch c := p.s[p.pos]; {
	case c == '\'' || c == '"':
		s, err := p.str()
		if err != nil {
			return value{}, err
		}
		v = value{kind: strVal, str: s}
	case strings.HasPrefix(p.s[p.pos:], "True"), strings.HasPrefix(p.s[p.pos:], "False"):
		v = value{kind: boolVal, b: c == 'T'}
		p.pos += len("False")
		if v.b {
			p.pos -= 1
		}
	case c == '(':
		ints, err := p.tuple()
		if err != nil {
			return value{}, err
		}
		v = value{kind: tupleVal, ints: ints}
	case c == '[':
		if err := p.skipList(); err != nil {
			return value{}, err
		}
		v = value{kind: listVal}
	default:
		return value{}, p.fail("want a string, True, False, a tuple or a list")
	}
	v.raw = p.s[start:p.pos]
	return v, nil
}

// tuple parses "(a, b, ...)" of non-negative ints. "(n)" is not a tuple in
// Python, so a single element needs its trailing comma.
func (p *dictParser) tuple() ([]int, error) {
	p.pos++ // '('
	ints := []int{}
	for {
		if p.eat(')') { // "()" or a trailing comma
			return ints, nil
		}
		p.skipSpace()
		start := p.pos
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		digits := p.s[start:p.pos]
		if digits == "" {
			if p.pos < len(p.s) && p.s[p.pos] == '-' {
				return nil, errf(ErrShape, "negative dimension in shape")
			}
			return nil, p.fail("want a dimension")
		}
		if len(digits) > 1 && digits[0] == '0' {
			return nil, p.fail("leading zero in dimension")
		}
		n, err := strconv.Atoi(digits)
		if err != nil {
			return nil, errf(ErrSize, "dimension %s too large", digits)
		}
		ints = append(ints, n)
		if !p.eat(',') {
			if !p.eat(')') {
				return nil, p.fail("want ',' or ')'")
			}
			if len(ints) == 1 {
				return nil, p.fail("(n) is not a tuple")
			}
			return ints, nil
		}
	}
}

// skipList skips a bracketed list (a structured dtype's descr) so the
// dtype error can quote it.
func (p *dictParser) skipList() error {
	depth := 0
	for p.pos < len(p.s) {
		switch c := p.s[p.pos]; c {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case '\'', '"':
			if _, err := p.str(); err != nil {
				return err
			}
			continue
		}
		p.pos++
		if depth == 0 {
			return nil
		}
	}
	return p.fail("unterminated list")
}
