#!/usr/bin/env python3
"""Tracr and Alta side by side on Tracr's library programs, measured now on this machine.

Usage:
    python3 python/tracr_side_by_side.py [--programs hist,reverse] [--alta PATH]
        [--reference PATH] [--repetitions N] [--forward-repetitions N] [--json]

Needs Tracr (`python3 -m pip install tracr-pypi`, ~650 MB with jax) and a release build of
Alta (`swift build -c release`). Only the Tracr side is measured in this process; Alta's
figures come from `alta bench rasp --programs ...` run as a subprocess.

For every program of tracr_models.json that is built from `tracr.compiler.lib` (group `lib`,
and the same programs compiled with causal=True, group `causal`), this script rebuilds the
program in Python exactly as the json's `construction` field describes, then, in one
process, measures what the json's `_meta.timings` describes:

- compile: `compiling.compile_rasp_to_model(program, vocab, max_seq_len, causal=...,
  compiler_bos=..., compiler_pad=..., mlp_exactness=...)`; the first call of the process
  (which includes XLA compilation of Haiku's init) is reported on its own, then per program
  one untimed call followed by the median of `--repetitions` timed calls;
- forward: `jax.jit(model.forward)` on the model's parameters and a [64, max_seq_len + 1]
  int batch (BOS followed by max_seq_len random vocabulary tokens), `block_until_ready` on
  the whole output, median of `--forward-repetitions` calls after the first (compiling) one.

Sanity check: Tracr's decoded output (`model.apply(["BOS"] + input).decoded[1:]`) on each of
the json's example inputs must equal the json's recorded `compiled_output` (categorical:
exactly; numerical: within 1e-5), and the json's match rule against `rasp_output` must give
the same verdict as the json's `match` field. Any difference is printed and makes the exit
status 1.

Ratios are Tracr's time over Alta's (above 1: Alta is faster), as in `alta bench rasp`.
Exit status: 0 on success, 1 on a sanity mismatch, 2 when Tracr or Alta cannot be run.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Shipped with the program library (a resource of the AltaPrograms target).
DEFAULT_REFERENCE = REPO_ROOT / "Sources" / "AltaPrograms" / "Resources" / "tracr_models.json"
DEFAULT_ALTA = REPO_ROOT / ".build" / "release" / "alta"
BATCH_SIZE = 64
# Numerical outputs are float32 sums; XLA builds differ in summation order, so e.g. the
# numerical make_length() gives 1.0000019 where the json recorded 1.0.
NUMERICAL_TOLERANCE = 1e-5


def import_tracr():
    """Returns (compiling, lib, rasp, jax, numpy) or exits with status 2 and an install hint."""
    try:
        import jax
        import numpy as np
        from tracr.compiler import compiling, lib
        from tracr.rasp import rasp
    except ImportError as error:
        print(
            f"tracr is not importable ({error}).\n"
            "Install it with `python3 -m pip install tracr-pypi` (~650 MB with jax and\n"
            "dm-haiku), preferably in a virtualenv:\n"
            "    python3 -m venv /tmp/tracr-venv\n"
            "    /tmp/tracr-venv/bin/python -m pip install tracr-pypi\n"
            "then run this script with that interpreter, e.g.\n"
            "    /tmp/tracr-venv/bin/python python/tracr_side_by_side.py",
            file=sys.stderr,
        )
        sys.exit(2)
    return compiling, lib, rasp, jax, np


def library_builders(lib, rasp):
    """Program name in tracr_models.json -> function(entry) building the RASP program.

    Each builder follows the json entry's `construction` field using `tracr.compiler.lib`.
    Causal entries (`*_causal`) are the same programs compiled with causal=True.
    """
    tokens, indices = rasp.tokens, rasp.indices
    builders = {
        "length": lambda e: lib.make_length(),
        "length_numerical": lambda e: rasp.numerical(lib.make_length()),
        "hist": lambda e: lib.make_hist(),
        "count_a": lambda e: lib.make_count(tokens, "a"),
        "count_less_freq_2": lambda e: lib.make_count_less_freq(2),
        "detect_pattern_abc": lambda e: lib.detect_pattern(tokens, "abc"),
        "frac_prevs": lambda e: lib.make_frac_prevs(tokens == "a"),
        "pair_balance": lambda e: lib.make_pair_balance(tokens, "(", ")"),
        "reverse": lambda e: lib.make_reverse(tokens),
        "shift_by_1": lambda e: lib.shift_by(1, tokens),
        "shift_by_2": lambda e: lib.shift_by(2, tokens),
        "shuffle_dyck1": lambda e: lib.make_shuffle_dyck(["()"]),
        "shuffle_dyck2": lambda e: lib.make_shuffle_dyck2(),
        "sort_unique": lambda e: lib.make_sort_unique(tokens, tokens),
        "sort": lambda e: lib.make_sort(tokens, tokens, max_seq_len=e["max_seq_len"], min_key=1),
        "sort_freq": lambda e: lib.make_sort_freq(max_seq_len=e["max_seq_len"]),
        "nary_sequencemap_add": lambda e: lib.make_nary_sequencemap(
            lambda x, y, z: x + y - z, tokens, tokens, indices),
        "nary_sequencemap_muldiv": lambda e: lib.make_nary_sequencemap(
            lambda x, y, z: x * y / z, indices, indices, tokens),
    }
    for base in ("length", "frac_prevs", "shift_by_1", "detect_pattern_abc"):
        builders[base + "_causal"] = builders[base]
    return builders


def median_seconds(function, repetitions):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rasp_match(entry, compiled, expected):
    """The json's match rule: categorical equal where the RASP output is not None, numerical
    |compiled - rasp| <= 1e-7 + 0.005 |rasp|."""
    for got, want in zip(compiled, expected):
        if want is None:
            continue
        if entry["categorical_output"]:
            if got != want:
                return False
        elif got is None or abs(got - want) > 1e-7 + 0.005 * abs(want):
            return False
    return len(compiled) == len(expected)


def same_as_recorded(entry, compiled, recorded):
    if len(compiled) != len(recorded):
        return False
    if entry["categorical_output"]:
        return list(compiled) == list(recorded)
    return all(
        (got is None and want is None)
        or (got is not None and want is not None and abs(got - want) <= NUMERICAL_TOLERANCE)
        for got, want in zip(compiled, recorded))


def check_examples(name, entry, model):
    """Returns (examples checked, examples that differ, list of mismatch descriptions)."""
    problems = []
    differing = 0
    bos = entry["compiler_bos"]
    for example in entry["examples"]:
        before = len(problems)
        decoded = model.apply([bos] + list(example["input"])).decoded[1:]
        if entry["categorical_output"]:
            compiled = decoded
        else:
            compiled = [float(value) for value in decoded]
        if not same_as_recorded(entry, compiled, example["compiled_output"]):
            problems.append(
                f"{name}: input {example['input']}: Tracr now gives {compiled}, "
                f"the json recorded {example['compiled_output']}")
        verdict = rasp_match(entry, compiled, example["rasp_output"])
        if verdict != example["match"]:
            problems.append(
                f"{name}: input {example['input']}: match against rasp_output is {verdict}, "
                f"the json says {example['match']}")
        differing += len(problems) > before
    return len(entry["examples"]), differing, problems


def measure_tracr(name, entry, program, tracr, args, rng):
    compiling, _, _, jax, np = tracr
    compile_args = dict(
        vocab=set(entry["vocab"]),
        max_seq_len=entry["max_seq_len"],
        causal=entry["causal"],
        compiler_bos=entry["compiler_bos"],
        compiler_pad=entry["compiler_pad"],
        mlp_exactness=entry["mlp_exactness"],
    )
    start = time.perf_counter()
    model = compiling.compile_rasp_to_model(program, **compile_args)
    first = time.perf_counter() - start
    warm = median_seconds(lambda: compiling.compile_rasp_to_model(program, **compile_args),
                          args.repetitions)

    encoding = model.input_encoder.encoding_map
    vocab_ids = np.array([encoding[token] for token in entry["vocab"]], dtype=np.int32)
    batch = np.empty((BATCH_SIZE, entry["max_seq_len"] + 1), dtype=np.int32)
    batch[:, 0] = encoding[entry["compiler_bos"]]
    batch[:, 1:] = rng.choice(vocab_ids, size=(BATCH_SIZE, entry["max_seq_len"]))
    batch = jax.numpy.asarray(batch)
    forward = jax.jit(model.forward)
    params = model.params
    jax.block_until_ready(forward(params, batch))  # compiles
    forward_s = median_seconds(lambda: jax.block_until_ready(forward(params, batch)),
                               args.forward_repetitions)

    checked, differing, problems = check_examples(name, entry, model)
    return {
        "compile_first_s": first,
        "compile_warm_median_s": warm,
        "forward_batch64_median_ms": forward_s * 1e3,
        "layers": model.model_config.num_layers,
        "d_model": len(model.residual_labels),
        "examples_checked": checked,
        "examples_differing": differing,
        "problems": problems,
    }


def require_alta(args):
    alta = Path(args.alta)
    if not alta.is_file():
        print(f"Alta binary not found at {alta}. Build it with `swift build -c release` in the "
              "repository root, or pass --alta PATH.", file=sys.stderr)
        sys.exit(2)
    return alta


def run_alta(args, names):
    alta = require_alta(args)
    command = [str(alta), "bench", "rasp", "--reference", str(args.reference),
               "--repetitions", str(args.repetitions),
               "--forward-repetitions", str(args.forward_repetitions),
               "--programs", ",".join(names)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"`{' '.join(command)}` failed with status {result.returncode}:\n{result.stderr}",
              file=sys.stderr)
        sys.exit(2)
    rows = {}
    for line in result.stdout.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if record.get("benchmark") == "rasp":
            rows[record["program"]] = record
    missing = [name for name in names if name not in rows]
    if missing:
        print(f"`alta bench rasp` printed no result for: {', '.join(missing)}", file=sys.stderr)
        sys.exit(2)
    return rows


def ratio(tracr_value, alta_value):
    return tracr_value / alta_value if alta_value > 0 else float("inf")


def print_table(rows, total, tracr_first_process_s):
    headers = ["program", "Tracr compile ms", "Alta compile ms", "speed-up",
               "Tracr fwd ms", "Alta fwd ms", "speed-up", "layers T/A", "examples"]
    lines = []
    for row in rows + [total]:
        lines.append([
            row["program"],
            f"{row['tracr_compile_warm_ms']:.3f}",
            f"{row['alta_compile_warm_ms']:.3f}",
            f"{row['compile_speedup']:.1f}x",
            f"{row['tracr_forward_batch64_ms']:.3f}",
            f"{row['alta_forward_batch64_ms']:.3f}",
            f"{row['forward_speedup']:.1f}x",
            f"{row['tracr_layers']}/{row['alta_layers']}",
            row["examples"],
        ])
    widths = [max(len(headers[i]), *(len(line[i]) for line in lines)) for i in range(len(headers))]
    print("Measured now (Tracr in this process, Alta in one `alta bench rasp` process); "
          "warm compile = median after one untimed compile; "
          f"forward = jitted, batch [{BATCH_SIZE}, max_seq_len+1]; speed-up = Tracr / Alta.")
    print(f"Tracr's first compile of this process (includes XLA compilation of Haiku init): "
          f"{tracr_first_process_s * 1e3:.1f} ms.")
    for line in [headers] + lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Measure Tracr now on its library programs and print it side by side with "
                    "`alta bench rasp`.")
    parser.add_argument("--programs", help="comma-separated program names of tracr_models.json "
                        "(default: every program built from tracr.compiler.lib)")
    parser.add_argument("--alta", default=str(DEFAULT_ALTA),
                        help="path of Alta's release binary (default: %(default)s)")
    parser.add_argument("--reference", default=str(DEFAULT_REFERENCE.resolve()),
                        help="path of tracr_models.json (default: %(default)s)")
    parser.add_argument("--repetitions", type=int, default=5,
                        help="timed compiles per program, median reported (default: 5)")
    parser.add_argument("--forward-repetitions", type=int, default=30,
                        help="timed forward passes per program, median reported (default: 30)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random forward batch")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON line per program and a total line instead of a table")
    args = parser.parse_args(argv)
    if args.repetitions < 1 or args.forward_repetitions < 1:
        parser.error("--repetitions and --forward-repetitions must be at least 1")
    return args


def main(argv):
    args = parse_arguments(argv)
    tracr = import_tracr()
    require_alta(args)
    _, lib, rasp, _, np = tracr

    try:
        reference = json.loads(Path(args.reference).read_text())
    except (OSError, ValueError) as error:
        print(f"Cannot read the reference {args.reference}: {error}", file=sys.stderr)
        return 2
    builders = library_builders(lib, rasp)
    available = [name for name in reference if name in builders]
    if args.programs:
        names = [name.strip() for name in args.programs.split(",") if name.strip()]
        unknown = [name for name in names if name not in available]
        if unknown:
            print(f"Not a library program of {args.reference}: {', '.join(unknown)}. "
                  f"Known: {', '.join(available)}", file=sys.stderr)
            return 2
    else:
        names = available

    rng = np.random.default_rng(args.seed)
    measured = {}
    tracr_first_process_s = None
    for name in names:
        entry = reference[name]
        program = builders[name](entry)
        print(f"… Tracr {name}", file=sys.stderr, flush=True)
        measured[name] = measure_tracr(name, entry, program, tracr, args, rng)
        if tracr_first_process_s is None:
            tracr_first_process_s = measured[name]["compile_first_s"]

    print("… alta bench rasp", file=sys.stderr, flush=True)
    alta_rows = run_alta(args, names)

    rows = []
    problems = []
    for name in names:
        tracr_row, alta_row = measured[name], alta_rows[name]
        problems += tracr_row["problems"]
        checked = tracr_row["examples_checked"]
        rows.append({
            "benchmark": "rasp_side_by_side",
            "program": name,
            "tracr_compile_first_s": tracr_row["compile_first_s"],
            "tracr_compile_warm_ms": tracr_row["compile_warm_median_s"] * 1e3,
            "alta_compile_warm_ms": alta_row["compile_warm_median_s"] * 1e3,
            "compile_speedup": ratio(tracr_row["compile_warm_median_s"],
                                     alta_row["compile_warm_median_s"]),
            "tracr_forward_batch64_ms": tracr_row["forward_batch64_median_ms"],
            "alta_forward_batch64_ms": alta_row["forward_batch64_median_ms"],
            "forward_speedup": ratio(tracr_row["forward_batch64_median_ms"],
                                     alta_row["forward_batch64_median_ms"]),
            "tracr_layers": tracr_row["layers"],
            "alta_layers": alta_row["layers"],
            "tracr_d_model": tracr_row["d_model"],
            "alta_d_model": alta_row["d_model"],
            "examples": f"{checked - tracr_row['examples_differing']}/{checked}",
            "examples_match_json": not tracr_row["problems"],
        })
    total = {"benchmark": "rasp_side_by_side_total", "program": f"total ({len(rows)})",
             "programs": len(rows)}
    for key in ("tracr_compile_warm_ms", "alta_compile_warm_ms", "tracr_forward_batch64_ms",
                "alta_forward_batch64_ms", "tracr_layers", "alta_layers"):
        total[key] = sum(row[key] for row in rows)
    total["compile_speedup"] = ratio(total["tracr_compile_warm_ms"], total["alta_compile_warm_ms"])
    total["forward_speedup"] = ratio(total["tracr_forward_batch64_ms"],
                                     total["alta_forward_batch64_ms"])
    total["tracr_compile_first_process_s"] = tracr_first_process_s
    checked_total = sum(m["examples_checked"] for m in measured.values())
    differing_total = sum(m["examples_differing"] for m in measured.values())
    total["examples"] = f"{checked_total - differing_total}/{checked_total}"
    total["examples_match_json"] = not problems

    if args.json:
        for row in rows + [total]:
            print(json.dumps(row, sort_keys=True))
    else:
        print_table(rows, total, tracr_first_process_s)
    for problem in problems:
        print(f"MISMATCH {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
