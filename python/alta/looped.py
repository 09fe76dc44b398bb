"""A plain PyTorch module that runs any Alta export, looped ALTA models included.

`LoopedTransformer(export)` holds the export's weights as parameters and runs them as
Alta does: token and position embeddings; per layer application attention (the scale as
exported: `1/attn_scale` on the scale-folded queries), causal and relative-position masks
(each head's allowed key − query offsets), attention sinks (a virtual key with logit
`sink_logit` and a zero value), the MLP of the exported depth and activation (ALTA's
4-layer clipped-ReLU MLP, or TransformerLens's 2-layer one), optional LayerNorm; a looped
model applies its one shared layer up to `max_iterations` times, stopping a sequence when
its halting rule (`residual[:, dimension] > threshold` at every position) holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from torch import nn

from .export import BUFFER_SUFFIXES, Export, load as load_export
from .numpy_forward import mlp_weight_names, score_scale

_ACTIVATIONS = {
    "relu": torch.relu,
    "clipped_relu": lambda x: torch.clamp(x, 0.0, 1.0),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "identity": lambda x: x,
}


@dataclass
class LoopedOutput:
    """One sequence's result: output scores `[T, d_vocab_out]`, the number of layer
    applications, and the residual stream after the embedding and after every attention
    and MLP sublayer (each `[T, d_model]`)."""

    scores: torch.Tensor
    layers_run: int
    residuals: List[torch.Tensor]


class _Layer(nn.Module):
    """One layer's weights under their TransformerLens names (dots become underscores)."""

    def __init__(self, export: Export, layer: int, dtype: torch.dtype):
        super().__init__()
        w = export.weights

        def param(name: str) -> nn.Parameter:
            return nn.Parameter(torch.tensor(np.asarray(w[name]), dtype=dtype))

        prefix = f"blocks.{layer}."
        self.W_Q, self.W_K = param(prefix + "attn.W_Q"), param(prefix + "attn.W_K")
        self.W_V, self.W_O = param(prefix + "attn.W_V"), param(prefix + "attn.W_O")
        self.b_Q, self.b_K = param(prefix + "attn.b_Q"), param(prefix + "attn.b_K")
        self.b_V, self.b_O = param(prefix + "attn.b_V"), param(prefix + "attn.b_O")
        depth = export.alta["mlp_depth"]
        self.mlp_weights = nn.ParameterList([param(mlp_weight_names(layer, k, depth)[0]) for k in range(depth)])
        self.mlp_biases = nn.ParameterList([param(mlp_weight_names(layer, k, depth)[1]) for k in range(depth)])
        self.ln = nn.ParameterList()
        if export.config["normalization_type"] is not None:
            self.ln = nn.ParameterList([param(prefix + name) for name in ("ln1.w", "ln1.b", "ln2.w", "ln2.b")])
        self.heads: List[Dict[str, Any]] = list(export.alta["heads"][layer])


class LoopedTransformer(nn.Module):
    """An Alta export as a `torch.nn.Module` (see the module's description).

    `forward(token_ids)` takes one sequence of ids (a list or a 1-D tensor; see
    `Export.encode`) and returns its output scores; `run` also returns the layer count and
    every residual. `export.decode(scores)` turns scores into values.
    """

    def __init__(self, export: Export, dtype: torch.dtype = torch.float32):
        super().__init__()
        self.export = export
        self.config = export.config
        alta = export.alta
        self.looped = alta["layout"] == "looped"
        self.depth = alta["max_iterations"] if self.looped else self.config["n_layers"]
        self.halting: Optional[Dict[str, Any]] = alta.get("halting") if self.looped else None
        self.activation = _ACTIVATIONS[alta["mlp_activation"]]
        self.causal = self.config["attention_dir"] == "causal"
        self.scale = score_scale(self.config)
        self.eps = float(alta.get("layer_norm_epsilon") or 1e-5)
        self.dtype = dtype
        w = export.weights
        self.W_E = nn.Parameter(torch.tensor(w["embed.W_E"], dtype=dtype))
        self.W_pos = nn.Parameter(torch.tensor(w["pos_embed.W_pos"], dtype=dtype))
        self.W_U = nn.Parameter(torch.tensor(w["unembed.W_U"], dtype=dtype))
        self.b_U = nn.Parameter(torch.tensor(w["unembed.b_U"], dtype=dtype))
        self.ln_final = nn.ParameterList()
        if self.config["normalization_type"] is not None:
            self.ln_final = nn.ParameterList([nn.Parameter(torch.tensor(w[n], dtype=dtype)) for n in ("ln_final.w", "ln_final.b")])
        self.layers = nn.ModuleList([_Layer(export, l, dtype) for l in range(self.config["n_layers"])])
        unknown = [k for k in w if not k.endswith(BUFFER_SUFFIXES) and k not in self._known_names()]
        if unknown:
            raise ValueError(f"{export.folder}: tensors this module does not know: {unknown[:5]}")

    def _known_names(self) -> set:
        names = {"embed.W_E", "pos_embed.W_pos", "unembed.W_U", "unembed.b_U", "ln_final.w", "ln_final.b"}
        depth = self.export.alta["mlp_depth"]
        for l in range(self.config["n_layers"]):
            names |= {f"blocks.{l}.attn.{n}" for n in ("W_Q", "W_K", "W_V", "W_O", "b_Q", "b_K", "b_V", "b_O")}
            names |= {f"blocks.{l}.{n}" for n in ("ln1.w", "ln1.b", "ln2.w", "ln2.b")}
            for k in range(depth):
                names |= set(mlp_weight_names(l, k, depth))
        return names

    def _norm(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=-1, keepdim=True)
        var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.eps) * w + b

    def _attention(self, x: torch.Tensor, layer: _Layer) -> torch.Tensor:
        t = x.shape[0]
        out = torch.zeros_like(x) + layer.b_O
        positions = torch.arange(t)
        offsets = positions[None, :] - positions[:, None]
        for h in range(self.config["n_heads"]):
            shape = layer.heads[h] if h < len(layer.heads) else {}
            q = x @ layer.W_Q[h] + layer.b_Q[h]
            k = x @ layer.W_K[h] + layer.b_K[h]
            v = x @ layer.W_V[h] + layer.b_V[h]
            scores = (q @ k.T) * self.scale
            visible = torch.ones(t, t, dtype=torch.bool)
            if self.causal:
                visible &= offsets <= 0
            allowed = shape.get("relative_offsets")
            if allowed is not None:
                visible &= torch.isin(offsets, torch.tensor(allowed, dtype=offsets.dtype))
            sink = shape.get("sink_logit")
            masked = scores.masked_fill(~visible, float("-inf"))
            if sink is not None:
                # The sink is one more key with a fixed logit and a zero value.
                sink_column = torch.full((t, 1), float(sink), dtype=scores.dtype)
                pattern = torch.softmax(torch.cat([masked, sink_column], dim=1), dim=1)[:, :t]
            else:
                row_visible = visible.any(dim=1, keepdim=True)
                pattern = torch.softmax(masked.masked_fill(~row_visible, 0.0), dim=1) * row_visible
            out = out + (pattern @ v) @ layer.W_O[h]
        return out

    def _mlp(self, x: torch.Tensor, layer: _Layer) -> torch.Tensor:
        depth = len(layer.mlp_weights)
        for k in range(depth):
            x = x @ layer.mlp_weights[k] + layer.mlp_biases[k]
            if k < depth - 1:
                x = self.activation(x)
        return x

    def run(self, token_ids: Union[Sequence[int], torch.Tensor]) -> LoopedOutput:
        """Runs one sequence of token ids: scores, layer applications, every residual."""
        ids = torch.as_tensor(token_ids, dtype=torch.long)
        if ids.dim() != 1:
            raise ValueError(f"run takes one sequence of token ids (1-D), got shape {tuple(ids.shape)}")
        if ids.numel() > self.W_pos.shape[0]:
            raise ValueError(f"{ids.numel()} tokens, but the model takes at most {self.W_pos.shape[0]} (n_ctx)")
        x = self.W_E[ids] + self.W_pos[: ids.numel()]
        residuals = [x]
        layers_run = 0
        for step in range(self.depth):
            layer = self.layers[0 if self.looped else step]
            h = self._norm(x, layer.ln[0], layer.ln[1]) if len(layer.ln) else x
            x = x + self._attention(h, layer)
            residuals.append(x)
            h = self._norm(x, layer.ln[2], layer.ln[3]) if len(layer.ln) else x
            x = x + self._mlp(h, layer)
            residuals.append(x)
            layers_run += 1
            if self.halting is not None and bool(torch.all(x[:, self.halting["dimension"]] > self.halting["threshold"])):
                break
        if len(self.ln_final):
            x = self._norm(x, self.ln_final[0], self.ln_final[1])
        return LoopedOutput(scores=x @ self.W_U + self.b_U, layers_run=layers_run, residuals=residuals)

    def forward(self, token_ids: Union[Sequence[int], torch.Tensor]) -> torch.Tensor:
        """Output scores `[T, d_vocab_out]` for one sequence of token ids."""
        return self.run(token_ids).scores


def load(source: Union[str, Path, Export], dtype: torch.dtype = torch.float32) -> LoopedTransformer:
    """Loads an export folder (or a loaded `Export`) as a `LoopedTransformer` in eval mode."""
    export = source if isinstance(source, Export) else load_export(source)
    return LoopedTransformer(export, dtype=dtype).eval()
