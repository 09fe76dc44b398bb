"""An independent numpy forward pass over an exported model.

It reads only `config.json` and the weights (see `alta.export`): embeddings, attention
(TransformerLens's `attn_scale` on the stored, scale-folded queries; causal and relative
masks; attention sinks), the MLP of any depth and activation, looped layers with halting,
unembedding. `forward` returns the output scores, the final residual, the number of layer
applications and the residual stream at every stage.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Tuple

import numpy as np

Weights = Mapping[str, np.ndarray]

ACTIVATIONS: Dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda x: np.maximum(x, 0.0),
    "clipped_relu": lambda x: np.minimum(1.0, np.maximum(x, 0.0)),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "identity": lambda x: x,
}


def score_scale(cfg: Mapping[str, Any]) -> float:
    """What attention scores computed from the stored weights are multiplied by:
    `1 / attn_scale` with `use_attn_scale`, else 1 (the model's own scale is folded into
    `W_Q`, see `alta.query_scale`)."""
    return 1.0 / float(cfg["attn_scale"]) if cfg["use_attn_scale"] else 1.0


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def attention(x: np.ndarray, weights: Weights, cfg: Mapping[str, Any], layer: int,
              head_shapes: List[Mapping[str, Any]]) -> np.ndarray:
    """One attention sublayer's output `[T, d_model]` for the residual `x` `[T, d_model]`
    (or `[B, T, d_model]` for a batch of equally long sequences)."""
    t = x.shape[-2]
    out = np.zeros_like(x) + weights[f"blocks.{layer}.attn.b_O"]
    causal = cfg["attention_dir"] == "causal"
    scale = score_scale(cfg)
    for h in range(cfg["n_heads"]):
        shape = head_shapes[h] if h < len(head_shapes) else None
        q = x @ weights[f"blocks.{layer}.attn.W_Q"][h] + weights[f"blocks.{layer}.attn.b_Q"][h]
        k = x @ weights[f"blocks.{layer}.attn.W_K"][h] + weights[f"blocks.{layer}.attn.b_K"][h]
        v = x @ weights[f"blocks.{layer}.attn.W_V"][h] + weights[f"blocks.{layer}.attn.b_V"][h]
        scores = (q @ np.swapaxes(k, -1, -2)) * scale
        visible = np.ones((t, t), dtype=bool)
        if causal:
            visible &= np.tril(np.ones((t, t), dtype=bool))
        offsets = shape.get("relative_offsets") if shape else None
        if offsets is not None:
            rel = np.arange(t)[None, :] - np.arange(t)[:, None]
            visible &= np.isin(rel, offsets)
        sink = shape.get("sink_logit") if shape else None
        masked = np.where(visible, scores, -np.inf)
        row_max = masked.max(axis=-1)
        if sink is not None:
            row_max = np.maximum(row_max, sink)
        safe_max = np.where(np.isfinite(row_max), row_max, 0.0)
        e = np.where(visible, np.exp(masked - safe_max[..., None]), 0.0)
        total = e.sum(axis=-1)
        if sink is not None:
            total = total + np.exp(sink - safe_max)
        pattern = np.divide(e, total[..., None], out=np.zeros_like(e), where=total[..., None] > 0)
        out += (pattern @ v) @ weights[f"blocks.{layer}.attn.W_O"][h]
    return out


def mlp_weight_names(layer: int, k: int, depth: int) -> Tuple[str, str]:
    """The weight and bias names of linear layer `k` of a `depth`-layer MLP: TransformerLens's
    `W_in`/`b_in`, `W_out`/`b_out` for two layers, `layers.{k}.W`/`.b` for deeper ones."""
    if depth == 2:
        which = "in" if k == 0 else "out"
        return f"blocks.{layer}.mlp.W_{which}", f"blocks.{layer}.mlp.b_{which}"
    return f"blocks.{layer}.mlp.layers.{k}.W", f"blocks.{layer}.mlp.layers.{k}.b"


def mlp(x: np.ndarray, weights: Weights, cfg: Mapping[str, Any], layer: int) -> np.ndarray:
    """One MLP sublayer's output `[T, d_model]`."""
    alta = cfg["alta"]
    depth = alta["mlp_depth"]
    act = ACTIVATIONS[alta["mlp_activation"]]
    for k in range(depth):
        w, b = mlp_weight_names(layer, k, depth)
        x = x @ weights[w] + weights[b]
        if k < depth - 1:
            x = act(x)
    return x


def forward(token_ids: np.ndarray, weights: Weights, cfg: Mapping[str, Any]
            ) -> Tuple[np.ndarray, np.ndarray, int, List[np.ndarray]]:
    """Runs one sequence of token ids `[T]` (or a batch `[B, T]`, which halts when every
    sequence has halted): `(scores [T, d_vocab_out], final residual [T, d_model],
    layer applications, residuals)` (with a leading `B` for a batch), where `residuals` is the stream after the embedding and
    after every attention and MLP sublayer (as in `reference_outputs.json`)."""
    alta = cfg["alta"]
    ln = cfg["normalization_type"] is not None
    eps = alta.get("layer_norm_epsilon") or 1e-5
    x = weights["embed.W_E"][token_ids] + weights["pos_embed.W_pos"][: token_ids.shape[-1]]
    residuals = [x]
    looped = alta["layout"] == "looped"
    depth = alta["max_iterations"] if looped else cfg["n_layers"]
    halting = alta.get("halting") if looped else None
    layers_run = 0
    for step in range(depth):
        layer = 0 if looped else step
        h = layer_norm(x, weights[f"blocks.{layer}.ln1.w"], weights[f"blocks.{layer}.ln1.b"], eps) if ln else x
        x = x + attention(h, weights, cfg, layer, alta["heads"][layer])
        residuals.append(x)
        h = layer_norm(x, weights[f"blocks.{layer}.ln2.w"], weights[f"blocks.{layer}.ln2.b"], eps) if ln else x
        x = x + mlp(h, weights, cfg, layer)
        residuals.append(x)
        layers_run += 1
        if halting is not None and np.all(x[..., halting["dimension"]] > halting["threshold"]):
            break
    if ln:
        x = layer_norm(x, weights["ln_final.w"], weights["ln_final.b"], eps)
    return x @ weights["unembed.W_U"] + weights["unembed.b_U"], x, layers_run, residuals
