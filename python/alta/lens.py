"""Loading an export into TransformerLens, strictly and with no weight processing.

`load(folder)` returns a `HookedTransformer` on TransformerLens 3.x and a
`TransformerBridge` (booted natively, `convert_tl_checkpoint`) on 4.x, both loaded with
`strict=True`, with the export attached as `model.alta_export` (its `encode`/`decode`).
The weights are loaded as written: no `load_and_process_state_dict` (3.x) and no
`process_weights`/`enable_compatibility_mode` (4.x). Their default processing centres the
unembedding, which shifts every logit and turns a numerical model's one-column `W_U` into
zeros; if you process the weights yourself, pass `center_unembed=False`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Sequence, Union

import numpy as np

from .export import Export, load as load_export


class LensError(RuntimeError):
    """The export cannot be loaded into TransformerLens; the message says why."""


def transformer_lens_version() -> str:
    """The installed TransformerLens's version (e.g. `4.3.0`)."""
    from importlib.metadata import version

    return version("transformer-lens")


def transformer_lens_major() -> int:
    """The installed TransformerLens's major version (3.x has `HookedTransformer`, 4.x
    `TransformerBridge`)."""
    return int(transformer_lens_version().split(".")[0])


def state_dict(export: Export) -> Dict[str, Any]:
    """The export's tensors as a torch state dict under `HookedTransformer` names
    (including the `attn.mask`/`attn.IGNORE` buffers)."""
    import torch

    return {name: torch.from_numpy(np.ascontiguousarray(value)) for name, value in export.weights.items()}


def load(source: Union[str, Path, Export]) -> Any:
    """Loads an export folder (or a loaded `Export`) into TransformerLens, strictly.

    Returns a `HookedTransformer` (TransformerLens 3.x) or a `TransformerBridge` (4.x) in
    eval mode, with `model.alta_export` set to the export. Feed it token ids
    (`model.alta_export.encode(...)`); its logits are Alta's output scores.

    Raises:
        LensError: the export is not `transformer_lens_compatible` (looped layers, deeper
            MLPs, masks or sinks: use `alta.looped.LoopedTransformer`), or a tensor does
            not load.
    """
    export = source if isinstance(source, Export) else load_export(source)
    if not export.alta.get("transformer_lens_compatible", False):
        note = export.alta.get("transformer_lens_note") or "not compatible"
        raise LensError(
            f"{export.folder}: TransformerLens has no architecture for this model ({note}); "
            "run it with alta.looped.LoopedTransformer instead")
    config = export.lens_config
    weights = state_dict(export)
    if transformer_lens_major() >= 4:
        from transformer_lens.config import TransformerBridgeConfig
        from transformer_lens.model_bridge import TransformerBridge
        import transformer_lens.model_bridge.sources.native  # noqa: F401  (attaches boot_native)
        from transformer_lens.utilities.tl_checkpoint_conversion import convert_tl_checkpoint

        bridge_config = TransformerBridgeConfig.from_dict(config)
        model = TransformerBridge.boot_native(bridge_config)
        converted = convert_tl_checkpoint(weights, bridge_config)
        try:
            model.load_state_dict(converted, strict=True)
        except RuntimeError as error:
            raise LensError(f"{export.folder}: {error}") from None
    else:
        from transformer_lens import HookedTransformer, HookedTransformerConfig

        import warnings

        with warnings.catch_warnings():
            # 3.x deprecates HookedTransformer for pretrained loading; building one from a
            # config and a state dict is what it is still for.
            warnings.filterwarnings("ignore", message="HookedTransformer is deprecated", category=DeprecationWarning)
            model = HookedTransformer(HookedTransformerConfig(**config))
        try:
            model.load_state_dict(weights, strict=True)
        except RuntimeError as error:
            raise LensError(f"{export.folder}: {error}") from None
    model.eval()
    model.alta_export = export
    return model


def residual_hook_names(n_layers: int) -> List[str]:
    """The `hook_resid_*` names in the order of Alta's residual stages:
    `blocks.0.hook_resid_pre`, then per layer `hook_resid_mid` and `hook_resid_post`."""
    names = ["blocks.0.hook_resid_pre"]
    for layer in range(n_layers):
        names += [f"blocks.{layer}.hook_resid_mid", f"blocks.{layer}.hook_resid_post"]
    return names


def run_with_residuals(model: Any, tokens: Union[str, Sequence[str], Sequence[int]]):
    """Runs `model` (from `load`) on one sequence (tokens, or ids) and returns
    `(logits [T, d_vocab_out], residuals)`: numpy arrays, the residuals in the order of
    `residual_hook_names` (and of `reference_outputs.json`)."""
    import torch

    export: Export = model.alta_export
    ids = list(tokens) if tokens and isinstance(list(tokens)[0], int) else export.encode(tokens)  # type: ignore[arg-type]
    with torch.no_grad():
        logits, cache = model.run_with_cache(torch.tensor([ids]))
    names = residual_hook_names(export.config["n_layers"])
    residuals = [cache[name][0].detach().numpy() for name in names]
    return logits[0].detach().numpy(), residuals
