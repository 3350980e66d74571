package torchpickle

import (
	"fmt"
	"slices"
	"strings"
)

// allowed are the only globals a state dict needs. torch.load(weights_only=
// True) allows a superset; everything else it would import and call.
var allowed = []string{
	"collections.OrderedDict",
	"torch._utils._rebuild_tensor",
	"torch._utils._rebuild_tensor_v2",
	"torch._utils._rebuild_parameter",
	"torch._utils._rebuild_parameter_with_state",
}

// Allowed lists the module.name globals the unpickler accepts: the ones
// above and torch's typed storage classes (torch.FloatStorage, ...).
func Allowed() []string {
	out := slices.Clone(allowed)
	for d := F32; int(d) < len(dtypes); d++ {
		out = append(out, "torch."+dtypes[d].storage)
	}
	return out
}

// lookup returns the global module.name, or ErrGlobal.
func lookup(module, name string) (global, error) {
	g := global{module, name}
	if slices.Contains(allowed, g.String()) {
		return g, nil
	}
	if _, ok := storageDType(name); ok && module == "torch" {
		return g, nil
	}
	return g, fmt.Errorf("%w: %s (torch.load would import and call it; a state dict needs only %s)",
		ErrGlobal, quoteGlobal(g.String()), "tensors")
}

// quoteGlobal keeps a hostile name printable and short.
func quoteGlobal(s string) string {
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return fmt.Sprintf("%q", s)
	}
	return s
}
