package torchpickle

import "strings"

// The values the unpickler builds. Python None is nil, bool is bool, int
// is int64, float is float64, str is string.
type (
	// global is an allowed module.name, pushed by GLOBAL/STACK_GLOBAL.
	global struct{ module, name string }
	// tuple is immutable.
	tuple []any
	// list is mutable: APPENDS may extend it after it is memoized.
	list struct{ items []any }
	// dict keeps insertion order (it stands for OrderedDict too).
	dict struct{ keys, vals []any }
	// bigInt is a long that does not fit int64: its little-endian two's
	// complement bytes (the legacy magic number is one).
	bigInt string
	// pyBytes is a Python bytes object.
	pyBytes string
)

func (g global) String() string { return g.module + "." + g.name }

// typeName names a value's Python type for messages.
func typeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64, bigInt:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case pyBytes:
		return "bytes"
	case tuple:
		return "tuple"
	case *list:
		return "list"
	case *dict:
		return "dict"
	case global:
		return "a reference to " + v.String()
	case *Storage:
		return "storage"
	case *Tensor:
		return "tensor"
	}
	return "object"
}

// article puts "a" or "an" before a type name ("None" and references
// stand alone).
func article(name string) string {
	switch {
	case name == "None" || strings.HasPrefix(name, "a reference"):
		return name
	case strings.ContainsRune("aeiou", rune(name[0])):
		return "an " + name
	}
	return "a " + name
}
