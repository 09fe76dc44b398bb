"""Python access to transformers compiled by Alta.

>>> import alta
>>> model = alta.compile("reverse")              # the `alta` binary compiles and exports
>>> model.run("a b c")                            # numpy forward pass, decoded
['BOS', 'c', 'b', 'a']

Modules: `alta.export` (load a folder: weights with sparse tensors densified, config,
`encode`/`decode`), `alta.compile` (through the `alta` binary, see `alta.binary`),
`alta.numpy_forward` (the independent numpy forward pass), `alta.lens` (TransformerLens 3
`HookedTransformer` or 4 `TransformerBridge`, strict, needs the `lens` extra),
`alta.looped` (a `torch.nn.Module` for every export, looped ALTA models included; needs
the `torch` extra), `alta.traces` (trace datasets of `alta traces`).

Token ids are positions in the export's `alta.input_tokens`; output id `j` is
`alta.output_values[j]`.
"""
from typing import Any

from . import lens
from .binary import AltaBinaryNotFound, find_binary
from .compile import CompileError, compile
from .export import Export, ExportError, load
from .traces import TraceDataset, TraceError
from .traces import read as read_traces

__all__ = [
    "AltaBinaryNotFound",
    "CompileError",
    "Export",
    "ExportError",
    "TraceDataset",
    "TraceError",
    "compile",
    "find_binary",
    "lens",
    "load",
    "read_traces",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`alta.looped` is imported on first use (it needs torch, an optional extra)."""
    if name == "looped":
        import importlib

        return importlib.import_module(".looped", __name__)
    raise AttributeError(f"module 'alta' has no attribute '{name}'")
