# Writes the torch.save variants torchpickle must read, and expected.json:
# each file's tensors as torch itself reads them back (torch.load, then
# .float(), flattened in row-major order). Run with Debian's python3-torch:
#   /usr/bin/python3 gen.py
import json
import torch

torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))
sd = m.state_dict()  # an OrderedDict with _metadata (BUILD)
files = {
    "ordered-zip.bin": (sd, {}),
    "ordered-legacy.bin": (sd, {"_use_new_zipfile_serialization": False}),
    "protocol4.bin": (sd, {"pickle_protocol": 4}),  # FRAME, STACK_GLOBAL, MEMOIZE
    "parameters.bin": ({k: torch.nn.Parameter(v) for k, v in sd.items()}, {}),
    "half.bin": ({k: v.half() for k, v in sd.items()}, {}),
    "bfloat16.bin": ({k: v.bfloat16() for k, v in sd.items()}, {}),
    "double-legacy.bin": ({k: v.double() for k, v in sd.items()}, {"_use_new_zipfile_serialization": False}),
    "views.bin": ({"w": torch.arange(12.0).reshape(3, 4).t(), "row": torch.arange(12.0).reshape(3, 4)[1],
                   "pos": torch.arange(5).expand((1, -1)).float()}, {}),
}
expected = {}
for name, (obj, kw) in files.items():
    torch.save(obj, name, **kw)
    back = torch.load(name)
    expected[name] = {k: v.detach().float().contiguous().flatten().tolist() for k, v in back.items()}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
