#!/usr/bin/env python3
"""Cross-check an Alta export with an independent numpy forward pass.

Usage: python3 python/verify_export.py MODEL_DIR [MODEL_DIR ...]

`load_model` and `forward` are also the numpy side of `alta bench runtime`
(python/numpy_baseline.py): `forward` takes one sequence of token ids or a batch of
equally long ones.

Each folder must hold model.safetensors (TransformerLens names), config.json
(HookedTransformerConfig fields plus Alta's `alta` section) and reference_outputs.json
(mostly-zero tensors may be stored sparse; they are expanded on load)
(inputs and Alta's outputs). The weights are read with the `safetensors` package and the
forward pass is recomputed here with numpy only: embeddings, attention (scale, causal and
relative masks, attention sinks), the MLP of any depth and activation, looped layers with
halting, unembedding. Output scores must agree with Alta's to 1e-5.
"""
import json
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

TOLERANCE = 1e-5

ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0.0),
    "clipped_relu": lambda x: np.minimum(1.0, np.maximum(x, 0.0)),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "identity": lambda x: x,
}


SPARSE_SUFFIXES = (".sparse_shape", ".sparse_indices", ".sparse_values")


def densify(tensors):
    """Expands Alta's sparse tensors (NAME.sparse_shape, NAME.sparse_indices: flat
    row-major positions, NAME.sparse_values) to dense NAME arrays; dense tensors pass."""
    out = {k: v for k, v in tensors.items() if not k.endswith(SPARSE_SUFFIXES)}
    for key in tensors:
        if not key.endswith(".sparse_values"):
            continue
        name = key[: -len(".sparse_values")]
        shape = [int(n) for n in tensors[name + ".sparse_shape"]]
        dense = np.zeros(int(np.prod(shape)), dtype=np.float32)
        dense[tensors[name + ".sparse_indices"]] = tensors[key]
        out[name] = dense.reshape(shape)
    return out


def layer_norm(x, w, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def attention(x, weights, cfg, layer, head_shapes):
    """Every head of `layer` on `x` ([T, d] or a batch [B, T, d]), plus the output bias."""
    t = x.shape[-2]
    out = np.zeros_like(x) + weights[f"blocks.{layer}.attn.b_O"]
    causal = cfg["attention_dir"] == "causal"
    for h in range(cfg["n_heads"]):
        shape = head_shapes[h] if h < len(head_shapes) else None
        q = x @ weights[f"blocks.{layer}.attn.W_Q"][h] + weights[f"blocks.{layer}.attn.b_Q"][h]
        k = x @ weights[f"blocks.{layer}.attn.W_K"][h] + weights[f"blocks.{layer}.attn.b_K"][h]
        v = x @ weights[f"blocks.{layer}.attn.W_V"][h] + weights[f"blocks.{layer}.attn.b_V"][h]
        scores = q @ np.swapaxes(k, -1, -2)
        if cfg["use_attn_scale"]:
            scores = scores / scores.dtype.type(cfg["attn_scale"])
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


def mlp(x, weights, cfg, layer):
    alta = cfg["alta"]
    depth = alta["mlp_depth"]
    act = ACTIVATIONS[alta["mlp_activation"]]
    for k in range(depth):
        if depth == 2:
            w = weights[f"blocks.{layer}.mlp.{'W_in' if k == 0 else 'W_out'}"]
            b = weights[f"blocks.{layer}.mlp.{'b_in' if k == 0 else 'b_out'}"]
        else:
            w = weights[f"blocks.{layer}.mlp.layers.{k}.W"]
            b = weights[f"blocks.{layer}.mlp.layers.{k}.b"]
        x = x @ w + b
        if k < depth - 1:
            x = act(x)
    return x


def forward(token_ids, weights, cfg):
    """Scores, final residual and layers run for `token_ids` ([T], or [B, T]: a batch,
    which halts when every sequence has halted)."""
    alta = cfg["alta"]
    ln = cfg["normalization_type"] is not None
    eps = alta.get("layer_norm_epsilon") or 1e-5
    x = weights["embed.W_E"][token_ids] + weights["pos_embed.W_pos"][: token_ids.shape[-1]]
    looped = alta["layout"] == "looped"
    depth = alta["max_iterations"] if looped else cfg["n_layers"]
    halting = alta.get("halting") if looped else None
    layers_run = 0
    for step in range(depth):
        layer = 0 if looped else step
        h = layer_norm(x, weights[f"blocks.{layer}.ln1.w"], weights[f"blocks.{layer}.ln1.b"], eps) if ln else x
        x = x + attention(h, weights, cfg, layer, alta["heads"][layer])
        h = layer_norm(x, weights[f"blocks.{layer}.ln2.w"], weights[f"blocks.{layer}.ln2.b"], eps) if ln else x
        x = x + mlp(h, weights, cfg, layer)
        layers_run += 1
        if halting is not None and np.all(x[..., halting["dimension"]] > halting["threshold"]):
            break
    if ln:
        x = layer_norm(x, weights["ln_final.w"], weights["ln_final.b"], eps)
    return x @ weights["unembed.W_U"] + weights["unembed.b_U"], x, layers_run


def load_model(folder, dtype=np.float64):
    """The config and the dense weights (as `dtype`) of the exported folder."""
    folder = Path(folder)
    cfg = json.loads((folder / "config.json").read_text())
    weights = {k: v.astype(dtype) for k, v in densify(load_file(str(folder / "model.safetensors"))).items()}
    return cfg, weights


def check_folder(folder):
    folder = Path(folder)
    cfg, weights = load_model(folder)
    reference = json.loads((folder / "reference_outputs.json").read_text())
    passed = failed = 0
    worst = 0.0
    for example in reference["examples"]:
        scores, residual, layers_run = forward(np.array(example["token_ids"]), weights, cfg)
        expected = np.array(example["output_scores"], dtype=np.float64)
        error = float(np.max(np.abs(scores - expected) / np.maximum(1.0, np.abs(expected)))) if expected.size else 0.0
        worst = max(worst, error)
        ok = error <= TOLERANCE and layers_run == example["layers_run"]
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {folder} input {example['tokens']}: max error {error:.3g}, "
                  f"layers {layers_run} vs {example['layers_run']}")
    print(f"{folder}: {passed} examples agree (max relative error {worst:.2e}), {failed} differ")
    return passed, failed


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    total_passed = total_failed = 0
    for folder in argv[1:]:
        passed, failed = check_folder(folder)
        total_passed += passed
        total_failed += failed
    print(f"export cross-check: {total_passed} examples agree, {total_failed} differ")
    return 0 if total_failed == 0 and total_passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
