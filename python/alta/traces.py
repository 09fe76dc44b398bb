"""Reading trace datasets written by `alta traces` (MLP input/output pairs per layer and position).

A trace folder holds `traces.json` (program, generator, seed, fill, layer policy,
`residual_labels`, row count, shard names) and safetensors shards with `inputs [n, d_model]`
and `targets [n, d_model]` (F32) and `layer`, `position`, `example` `[n]` (I32).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Union

import numpy as np
from safetensors.numpy import load_file


class TraceError(ValueError):
    """A folder is not a readable trace dataset; the message names the file and the problem."""


@dataclass
class TraceDataset:
    """A whole trace dataset: `metadata` (`traces.json`) and the rows of every shard in order."""

    metadata: Dict[str, Any]
    inputs: np.ndarray
    targets: np.ndarray
    layer: np.ndarray
    position: np.ndarray
    example: np.ndarray

    @property
    def residual_labels(self) -> List[str]:
        """One label per column (`name:value`, `name`, …)."""
        return list(self.metadata["residual_labels"])

    def __len__(self) -> int:
        return int(self.inputs.shape[0])


def read(folder: Union[str, Path]) -> TraceDataset:
    """Reads a trace folder (every shard, concatenated in order).

    Raises:
        TraceError: `traces.json` or a shard is missing or malformed, or shapes disagree
            (the message names the file).
    """
    folder = Path(folder)
    meta_path = folder / "traces.json"
    if not meta_path.is_file():
        raise TraceError(f"{folder} is not a trace dataset: it has no traces.json")
    try:
        metadata = json.loads(meta_path.read_text())
        d = int(metadata["d_model"])
        shards = list(metadata["shards"])
        rows = int(metadata["rows"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise TraceError(f"{meta_path}: not trace metadata ({error})") from None
    parts: Dict[str, List[np.ndarray]] = {k: [] for k in ("inputs", "targets", "layer", "position", "example")}
    for name in shards:
        path = folder / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise TraceError(f"{folder}: shard '{name}' is missing")
        try:
            tensors = load_file(str(path))
        except Exception as error:  # safetensors raises its own error types
            raise TraceError(f"{path}: {error}") from None
        missing = [k for k in parts if k not in tensors]
        if missing:
            raise TraceError(f"{path}: no tensor {missing[0]}")
        n = tensors["inputs"].shape[0]
        if tensors["inputs"].shape != (n, d) or tensors["targets"].shape != (n, d):
            raise TraceError(f"{path}: inputs {tensors['inputs'].shape} and targets {tensors['targets'].shape} are not [rows, {d}]")
        for key in parts:
            parts[key].append(tensors[key])
    if not shards:
        empty = {k: np.zeros((0, d) if k in ("inputs", "targets") else (0,), dtype=np.float32 if k in ("inputs", "targets") else np.int32) for k in parts}
        return TraceDataset(metadata=metadata, **empty)
    joined = {k: np.concatenate(v) for k, v in parts.items()}
    if joined["inputs"].shape[0] != rows:
        raise TraceError(f"{folder}: the shards hold {joined['inputs'].shape[0]} rows, traces.json says {rows}")
    return TraceDataset(metadata=metadata, **joined)
