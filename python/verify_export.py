#!/usr/bin/env python3
"""Cross-check an Alta export with the independent numpy forward pass of the `alta` package.

Usage: python3 python/verify_export.py MODEL_DIR [MODEL_DIR ...]

Each folder must hold model.safetensors (TransformerLens names; mostly-zero tensors may be
stored sparse and are expanded on load), config.json and reference_outputs.json (inputs,
Alta's outputs and its residual stream at every stage). The forward pass
(`alta/numpy_forward.py`, numpy only) recomputes every example: output scores and every
residual must agree with Alta's to 1e-5, and looped models must run as many layers.
Runs from a checkout without installing the package.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alta.export import load  # noqa: E402

TOLERANCE = 1e-5


def relative_error(actual, expected):
    expected = np.asarray(expected, dtype=np.float64)
    if expected.size == 0:
        return 0.0
    return float(np.max(np.abs(np.asarray(actual) - expected) / np.maximum(1.0, np.abs(expected))))


def check_folder(folder):
    model = load(folder)
    passed = failed = 0
    worst = 0.0
    for example in model.reference:
        scores, _, layers_run, residuals = model.forward(example["token_ids"])
        error = relative_error(scores, example["output_scores"])
        stages = example.get("residuals", [])
        if stages:
            if len(stages) != len(residuals):
                error = float("inf")
            else:
                error = max([error] + [relative_error(a, e) for a, e in zip(residuals, stages)])
        worst = max(worst, error)
        if error <= TOLERANCE and layers_run == example["layers_run"]:
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
