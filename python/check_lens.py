#!/usr/bin/env python3
"""Check exports in TransformerLens and in the PyTorch module against Alta's own outputs.

Usage: python3 python/check_lens.py MODEL_DIR [MODEL_DIR ...]

For every example in each folder's reference_outputs.json (Alta's output scores and its
residual stream after the embedding and every sublayer):

* an export marked `transformer_lens_compatible` is loaded with `alta.lens.load` (a
  `HookedTransformer` on TransformerLens 3.x, a `TransformerBridge` on 4.x, strictly):
  its logits and every `hook_resid_pre`/`hook_resid_mid`/`hook_resid_post` must agree with
  Alta's to 1e-5;
* every export also runs through `alta.looped.LoopedTransformer` (looped ALTA models with
  halting included): scores and residuals to 1e-5, the same layer count and decoded output.

Prints the largest difference per folder and a closing "N passed, N failed" line.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch  # noqa: E402

from alta import lens, looped  # noqa: E402
from alta.export import load  # noqa: E402

TOLERANCE = 1e-5


def largest(pairs):
    return max((float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))
                for a, b in pairs if np.asarray(b).size), default=0.0)


def check(folder):
    export = load(folder)
    problems = []
    lens_error = None
    if export.alta.get("transformer_lens_compatible"):
        model = lens.load(export)
        lens_error = 0.0
        for example in export.reference:
            logits, residuals = lens.run_with_residuals(model, example["token_ids"])
            # An export beyond the file's residual budget records none (residuals_omitted).
            if example["residuals"] and len(residuals) != len(example["residuals"]):
                problems.append(f"{len(residuals)} residual hooks for {len(example['residuals'])} stages")
            lens_error = max(lens_error, largest([(logits, example["output_scores"])]
                                                 + list(zip(residuals, example["residuals"]))))
    module = looped.load(export)
    module_error = 0.0
    for example in export.reference:
        with torch.no_grad():
            out = module.run(example["token_ids"])
        if out.layers_run != example["layers_run"]:
            problems.append(f"input {example['tokens']}: {out.layers_run} layers, Alta ran {example['layers_run']}")
            continue
        module_error = max(module_error, largest([(out.scores.numpy(), example["output_scores"])]
                                                 + [(r.numpy(), e) for r, e in zip(out.residuals, example["residuals"])]))
        if export.output_values is not None and export.decode(out.scores.numpy()) != example["decoded"]:
            problems.append(f"input {example['tokens']}: decoded {export.decode(out.scores.numpy())}, Alta {example['decoded']}")
    if lens_error is not None and lens_error > TOLERANCE:
        problems.append(f"TransformerLens differs by {lens_error:.3g}")
    if module_error > TOLERANCE:
        problems.append(f"the PyTorch module differs by {module_error:.3g}")
    kind = type(model).__name__ if lens_error is not None else "-"
    lens_text = f"{lens_error:.2e}" if lens_error is not None else "n/a (not TransformerLens-compatible)"
    print(f"{folder}: {len(export.reference)} examples; {kind} max |diff| {lens_text}; "
          f"LoopedTransformer max |diff| {module_error:.2e}" + ("" if not problems else " — " + "; ".join(problems)))
    return not problems, lens_error, module_error


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    # One thread: these models are small, and on a busy machine torch's second OpenMP
    # thread spins (measured on the CI machine: 4x the CPU time for the same checks).
    torch.set_num_threads(1)
    passed = failed = 0
    worst_lens = worst_module = 0.0
    for folder in argv[1:]:
        ok, lens_error, module_error = check(folder)
        passed += ok
        failed += not ok
        worst_lens = max(worst_lens, lens_error or 0.0)
        worst_module = max(worst_module, module_error)
    print(f"lens check (TransformerLens {lens.transformer_lens_version()}): largest difference "
          f"TransformerLens {worst_lens:.2e}, LoopedTransformer {worst_module:.2e}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
