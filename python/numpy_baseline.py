#!/usr/bin/env python3
"""numpy's side of `alta bench runtime`: the same work as Alta's, timed in this process.

Usage:
  python3 python/numpy_baseline.py matmul N [N ...]
      float32 N x N products; prints {"N": GFLOP/s, ...} (best of at least 5 runs and 2 s).
      Thread count: set OPENBLAS_NUM_THREADS / OMP_NUM_THREADS before starting.
  python3 python/numpy_baseline.py forward MODEL_DIR IDS_FILE BATCH LENGTH SCORES_FILE RUNS
      The forward pass of alta/numpy_forward.py over an exported folder, in float32, on a batch
      of token ids (int32, row-major [BATCH, LENGTH]); writes the scores (float32,
      [BATCH, LENGTH, vocabulary]) to SCORES_FILE and prints {"seconds": best run}.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alta.export import load  # noqa: E402
from alta.numpy_forward import forward  # noqa: E402


def best_time(body, runs, seconds):
    """The fastest of at least `runs` calls of `body` (after one untimed call), going on
    until `seconds` have passed."""
    body()
    best = float("inf")
    start = time.perf_counter()
    count = 0
    while count < runs or time.perf_counter() - start < seconds:
        t = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - t)
        count += 1
    return best


def matmul(sizes):
    rng = np.random.default_rng(0)
    out = {}
    for n in sizes:
        a = rng.random((n, n), dtype=np.float32) * 2 - 1
        b = rng.random((n, n), dtype=np.float32) * 2 - 1
        out[str(n)] = 2.0 * n ** 3 / best_time(lambda: a @ b, 5, 2.0) / 1e9
    return out


def timed_forward(folder, ids_path, batch, length, scores_path, runs):
    model = load(folder)
    cfg, weights = model.config, model.weights
    ids = np.fromfile(ids_path, dtype=np.int32).reshape(batch, length)
    scores = forward(ids, weights, cfg)[0]
    seconds = best_time(lambda: forward(ids, weights, cfg), runs, 2.0)
    scores.astype(np.float32).tofile(scores_path)
    return {"seconds": seconds}


def main(argv):
    if len(argv) >= 3 and argv[1] == "matmul":
        print(json.dumps(matmul([int(n) for n in argv[2:]])))
        return 0
    if len(argv) == 8 and argv[1] == "forward":
        folder, ids, batch, length, scores, runs = argv[2:]
        print(json.dumps(timed_forward(folder, ids, int(batch), int(length), scores, int(runs))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
