"""Reading an exported model folder: weights (sparse tensors densified), config, encoders.

Token ids are positions in `alta.input_tokens` of `config.json` (the input encoder's
order, which is not always BOS first: RASP models list the vocabulary sorted, then BOS and
PAD; ALTA models their own order). Output id `j` is `alta.output_values[j]`; a numerical
model has one output column holding the number.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
from safetensors.numpy import load_file

from . import numpy_forward

SPARSE_SUFFIXES = (".sparse_shape", ".sparse_indices", ".sparse_values")

#: Scores below this decode to null (nothing selected), as in Alta's runtime.
NULL_THRESHOLD = 0.5

#: TransformerLens 3's attention buffers, written so `load_state_dict(strict=True)` works.
BUFFER_SUFFIXES = (".attn.mask", ".attn.IGNORE")


class ExportError(ValueError):
    """A folder is not a readable Alta export; the message names the file and what is wrong."""


def densify(tensors: Mapping[str, np.ndarray]) -> Dict[str, np.ndarray]:
    """Expands Alta's sparse tensors (`NAME.sparse_shape`, `NAME.sparse_indices`: flat
    row-major positions, `NAME.sparse_values`) to dense `NAME` arrays; dense tensors pass."""
    out = {k: v for k, v in tensors.items() if not k.endswith(SPARSE_SUFFIXES)}
    for key in tensors:
        if not key.endswith(".sparse_values"):
            continue
        name = key[: -len(".sparse_values")]
        try:
            shape = [int(n) for n in tensors[name + ".sparse_shape"]]
            indices = tensors[name + ".sparse_indices"]
        except KeyError as missing:
            raise ExportError(f"sparse tensor '{name}' lacks {missing.args[0]}") from None
        dense = np.zeros(int(np.prod(shape)), dtype=np.float32)
        dense[indices] = tensors[key]
        out[name] = dense.reshape(shape)
    return out


Decoded = Union[str, float, None]


@dataclass
class Export:
    """An exported model: `config` (the whole `config.json`), `weights` (every tensor under
    its TransformerLens name, dense float32 arrays) and the reference outputs Alta wrote."""

    folder: Path
    config: Dict[str, Any]
    weights: Dict[str, np.ndarray]
    reference: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def alta(self) -> Dict[str, Any]:
        """Alta's own section of the config (`config["alta"]`)."""
        return self.config["alta"]

    @property
    def lens_config(self) -> Dict[str, Any]:
        """The top level of the config without `alta`: `HookedTransformerConfig(**…)` /
        `TransformerBridgeConfig.from_dict(…)` arguments when `transformer_lens_compatible`."""
        return {k: v for k, v in self.config.items() if k != "alta"}

    @property
    def input_tokens(self) -> List[str]:
        """Token of each input id (`alta.input_tokens`)."""
        return list(self.alta["input_tokens"])

    @property
    def bos_token(self) -> Optional[str]:
        return self.alta.get("bos_token")

    @property
    def output_values(self) -> Optional[List[str]]:
        """Value of each output id; None for a numerical output."""
        return self.alta.get("output_values")

    @property
    def is_looped(self) -> bool:
        """Whether one shared layer runs in a loop (an ALTA model)."""
        return self.alta["layout"] == "looped"

    def encode(self, tokens: Union[str, Sequence[str]]) -> List[int]:
        """Token ids of `tokens` (a list, or one string of whitespace-separated tokens),
        with the BOS token put in front when the model has one and it is missing.

        Raises:
            ValueError: a token is not in the vocabulary (named with its position), or the
                sequence is longer than the model's context `n_ctx`.
        """
        items = tokens.split() if isinstance(tokens, str) else list(tokens)
        bos = self.bos_token
        if bos is not None and (not items or items[0] != bos):
            items = [bos] + items
        ids = {token: i for i, token in enumerate(self.input_tokens)}
        out: List[int] = []
        for position, token in enumerate(items):
            if token not in ids:
                raise ValueError(f"token '{token}' at position {position} is not in the vocabulary {self.input_tokens}")
            out.append(ids[token])
        if len(out) > self.config["n_ctx"]:
            raise ValueError(f"{len(out)} tokens, but the model takes at most {self.config['n_ctx']} (n_ctx)")
        return out

    def decode(self, scores: np.ndarray) -> List[Decoded]:
        """Decodes output scores `[T, d_vocab_out]` as Alta does: per position the argmax's
        value (null, None, when the best score is below 0.5), the number itself for a
        numerical output; position 0 is the BOS token when the model has one."""
        scores = np.asarray(scores)
        values = self.output_values
        out: List[Decoded] = []
        for row in scores:
            if values is None:
                out.append(float(row[0]))
            else:
                best = int(np.argmax(row))
                out.append(values[best] if row[best] >= NULL_THRESHOLD else None)
        if self.bos_token is not None and out:
            out[0] = self.bos_token
        return out

    def forward(self, token_ids: Sequence[int]) -> Tuple[np.ndarray, np.ndarray, int, List[np.ndarray]]:
        """The numpy forward pass (`alta.numpy_forward.forward`, float64) on one sequence of
        ids: scores, final residual, layer applications, residual after every stage."""
        weights = {k: v.astype(np.float64) for k, v in self.weights.items() if not k.endswith(BUFFER_SUFFIXES)}
        return numpy_forward.forward(np.asarray(token_ids), weights, self.config)

    def run(self, tokens: Union[str, Sequence[str]]) -> List[Decoded]:
        """Encodes `tokens`, runs the numpy forward pass and decodes the outputs."""
        scores, _, _, _ = self.forward(self.encode(tokens))
        return self.decode(scores)



def load(folder: Union[str, Path]) -> Export:
    """Reads an export folder (`model.safetensors`, `config.json`, and
    `reference_outputs.json` when present).

    Raises:
        ExportError: a file is missing or unreadable (named), or the config lacks `alta`.
    """
    folder = Path(folder)
    config_path = folder / "config.json"
    weights_path = folder / "model.safetensors"
    for path in (config_path, weights_path):
        if not path.is_file():
            raise ExportError(f"{folder} is not an Alta export: it has no {path.name}")
    try:
        config = json.loads(config_path.read_text())
    except json.JSONDecodeError as error:
        raise ExportError(f"{config_path}: not JSON ({error})") from None
    if not isinstance(config, dict) or "alta" not in config:
        raise ExportError(f"{config_path}: no 'alta' section, so not a config Alta wrote")
    try:
        weights = densify(load_file(str(weights_path)))
    except ExportError:
        raise
    except Exception as error:  # safetensors raises its own error types
        raise ExportError(f"{weights_path}: {error}") from None
    reference_path = folder / "reference_outputs.json"
    reference = json.loads(reference_path.read_text())["examples"] if reference_path.is_file() else []
    return Export(folder=folder, config=config, weights=weights, reference=reference)
