#!/usr/bin/env python3
"""Train Alta's trace MLP with PyTorch, for runs that outgrow one machine.

Reads a trace dataset folder written by `alta traces` (`traces.json` plus safetensors shards
with `inputs [n, d_model]` and `targets [n, d_model]`), trains the same MLP as `alta train`
with the same hyper-parameters (mean squared error; He or Xavier initialisation; linear
warm-up then exponential decay with a floor; Adam or optax-style Adafactor, optionally with
momentum or T5's relative step size; Gaussian input noise; subtract-residual targets;
decoupled weight decay) and writes a folder that
`alta evaluate-mlp` loads: `mlp.safetensors` (`layers.<i>.weight [out, in]`,
`layers.<i>.bias [out]`, F32, with `sizes`, `activation` and `configuration` in the header
metadata), `metrics.json` and the `alta-files.json` manifest of a training run.

DistributedDataParallel-ready: launched by `torchrun` it joins the process group (gloo on
CPU), every rank draws its share of each batch through a `DistributedSampler`, and rank 0
evaluates and writes the checkpoint:

    torchrun --nproc_per_node=1 python/train_mlp.py TRACES -o RUN --subtract-residual --noise 0.1
    alta evaluate-mlp sparse_parity_sequential_relative --checkpoint RUN

Run with plain `python3` it trains in one process. `--json` prints the summary as one JSON
object (what `alta bench learn` reads); without `--output` nothing is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist
from safetensors.numpy import load_file
from safetensors.torch import save_file
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

CHECKPOINT_FILE = "mlp.safetensors"
METRICS_FILE = "metrics.json"
MANIFEST_FILE = "alta-files.json"
TRACE_METADATA_FILE = "traces.json"
TOLERANCE = 0.1  # a dimension is right when within this of its target (alta's TrainingMetrics)
ACTIVATIONS = ("relu", "sigmoid", "tanh")


class TrainingError(Exception):
    """A problem with the input, the options or the output folder, stated for the user."""


# MARK: configuration


@dataclass
class Configuration:
    """Alta's `MLPConfiguration`: the same fields, defaults and JSON keys."""

    depth: int = 2
    width: int = 128
    activation: str = "relu"
    initialisation: str = "he"
    optimizer: str = "adafactor"
    steps: int = 4000
    batchSize: int = 256
    learningRate: float = 1e-2
    warmupSteps: int = 100
    decayRate: float = 1e-2
    noise: float = 0.0
    subtractResidual: bool = False
    weightDecay: float = 0.0
    seed: int = 0
    adafactorMomentum: float = 0.0
    adafactorRelativeStep: bool = False

    def validate(self) -> None:
        def check(ok: bool, name: str, reason: str) -> None:
            if not ok:
                raise TrainingError(f"--{name} {reason}")

        check(0 <= self.depth <= 64, "depth", f"must lie in 0...64, not {self.depth}")
        check(1 <= self.width <= 65536, "width", f"must lie in 1...65536, not {self.width}")
        check(self.activation in ACTIVATIONS, "activation", f"must be relu, sigmoid or tanh, not {self.activation}")
        check(self.initialisation in ("he", "xavier"), "initialisation", f"must be he or xavier, not {self.initialisation}")
        check(self.optimizer in ("adam", "adafactor"), "optimizer", f"must be adafactor or adam, not {self.optimizer}")
        check(self.steps >= 1, "steps", f"must be at least 1, not {self.steps}")
        check(1 <= self.batchSize <= 1048576, "batch", f"must lie in 1...1048576, not {self.batchSize}")
        check(math.isfinite(self.learningRate) and self.learningRate > 0, "lr", f"must be a positive number, not {self.learningRate}")
        check(self.warmupSteps >= 0, "warmup", f"must be at least 0, not {self.warmupSteps}")
        check(math.isfinite(self.decayRate) and 0 < self.decayRate <= 1, "decay", f"must lie in (0, 1], not {self.decayRate}")
        check(math.isfinite(self.noise) and self.noise >= 0, "noise", f"must be a number at least 0, not {self.noise}")
        check(math.isfinite(self.weightDecay) and self.weightDecay >= 0, "weight-decay", f"must be a number at least 0, not {self.weightDecay}")
        check(0 <= self.seed < 2**64, "seed", f"must lie in 0...{2**64 - 1}, not {self.seed}")
        check(math.isfinite(self.adafactorMomentum) and 0 <= self.adafactorMomentum < 1, "adafactor-momentum",
              f"must lie in [0, 1), not {self.adafactorMomentum}")
        check(self.adafactorMomentum == 0 or self.optimizer == "adafactor", "adafactor-momentum",
              f"needs the adafactor optimizer, not {self.optimizer}")
        check(not self.adafactorRelativeStep or self.optimizer == "adafactor", "adafactor-relative-step",
              f"needs the adafactor optimizer, not {self.optimizer}")

    def json(self) -> str:
        """The configuration as Alta encodes it (sorted keys, no spaces)."""
        return json.dumps(self.__dict__, sort_keys=True, separators=(",", ":"))


RELATIVE_STEP_CEILING = 1e-2


def learning_rate(config: Configuration, step: int) -> float:
    """Alta's `LearningRateSchedule` at 0-based `step`: warm-up, then decay with a floor; with
    `adafactorRelativeStep`, T5's relative step size min(1e-2, 1/√t) at 1-based step t."""
    if config.adafactorRelativeStep:
        return min(RELATIVE_STEP_CEILING, 1 / math.sqrt(step + 1))
    if step < config.warmupSteps:
        return config.learningRate * step / config.warmupSteps
    progress = (step - config.warmupSteps) / max(1, config.steps)
    decayed = config.learningRate * config.decayRate ** progress
    return max(decayed, config.learningRate * config.decayRate)


# MARK: data


def load_traces(folder: str) -> tuple[dict, np.ndarray, np.ndarray]:
    """The metadata, `[rows, d_model]` inputs and targets of a trace folder."""
    path = os.path.join(folder, TRACE_METADATA_FILE)
    try:
        with open(path, encoding="utf-8") as f:
            metadata = json.load(f)
    except FileNotFoundError:
        raise TrainingError(f"{folder}: no {TRACE_METADATA_FILE} in it (write one with `alta traces`)") from None
    except (OSError, json.JSONDecodeError) as error:
        raise TrainingError(f"{path}: not trace metadata ({error})") from None
    if not isinstance(metadata, dict):
        raise TrainingError(f"{path}: not trace metadata (not a JSON object)")
    d = metadata.get("d_model")
    shards = metadata.get("shards")
    if not isinstance(d, int) or d < 1 or not isinstance(shards, list) or not shards:
        raise TrainingError(f"{path}: needs a positive d_model and a list of shards")
    inputs, targets = [], []
    for name in shards:
        if not isinstance(name, str) or "/" in name or name.startswith("."):
            raise TrainingError(f"{path}: shard name {name!r} is not a file in the folder")
        shard_path = os.path.join(folder, name)
        try:
            tensors = load_file(shard_path)
        except FileNotFoundError:
            raise TrainingError(f"{folder}: shard {name} is missing") from None
        except Exception as error:  # safetensors raises its own error types
            raise TrainingError(f"{shard_path}: not a safetensors file ({error})") from None
        x, y = tensors.get("inputs"), tensors.get("targets")
        if x is None or y is None:
            raise TrainingError(f"{shard_path}: needs tensors 'inputs' and 'targets'")
        if x.ndim != 2 or x.shape[1] != d or y.shape != x.shape or x.dtype != np.float32 or y.dtype != np.float32:
            raise TrainingError(f"{shard_path}: inputs {list(x.shape)} and targets {list(y.shape)} are not F32 [rows, {d}]")
        inputs.append(x)
        targets.append(y)
    x, y = np.concatenate(inputs), np.concatenate(targets)
    if metadata.get("rows") != x.shape[0]:
        raise TrainingError(f"{folder}: the shards hold {x.shape[0]} rows, {TRACE_METADATA_FILE} says {metadata.get('rows')}")
    return metadata, x, y


# MARK: model and optimisers


class MLP(torch.nn.Module):
    """`[input] + [width] × depth + [output]`, one hidden activation, linear output layer;
    parameter names `layers.<i>.weight [out, in]` / `layers.<i>.bias [out]` as the checkpoint."""

    def __init__(self, sizes: list[int], activation: str):
        super().__init__()
        self.sizes = sizes
        self.activation = activation
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.act = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}[activation]

    def initialise(self, initialisation: str, generator: torch.Generator) -> None:
        """N(0, 2 / fan_in) (he) or N(0, 2 / (fan_in + fan_out)) (xavier) weights, zero biases."""
        with torch.no_grad():
            for layer in self.layers:
                fan_out, fan_in = layer.weight.shape
                variance = 2 / fan_in if initialisation == "he" else 2 / (fan_in + fan_out)
                layer.weight.normal_(0.0, math.sqrt(variance), generator=generator)
                layer.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = self.act(x)
        return x


class Adafactor(torch.optim.Optimizer):
    """optax's `adafactor`, as Alta's `Adafactor` (ALTA.md §13.2): decay β₂ = 1 − t^(−0.8);
    factored second moments for matrices whose smaller side is at least 128; update clipped
    by block RMS (threshold 1), times the learning rate and max(rms(w), 1e-3); then, with
    `momentum` β₁ > 0 (optax's `momentum`), an exponential moving average of those updates
    without bias correction (m ← β₁m + (1−β₁)u, w ← w − m); 0 (the default) keeps none. The
    learning rate is the caller's (the schedule, or the relative step)."""

    MIN_DIMENSION_TO_FACTOR = 128
    DECAY_EXPONENT = 0.8
    EPSILON = 1e-30
    CLIPPING_THRESHOLD = 1.0
    MINIMUM_SCALE = 1e-3

    def __init__(self, params, lr: float, momentum: float = 0.0):
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must lie in [0, 1), not {momentum}")
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102 (torch's signature)
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                factored = g.ndim == 2 and min(g.shape) >= self.MIN_DIMENSION_TO_FACTOR
                if not state:
                    state["step"] = 0
                    if factored:
                        state["row"] = torch.zeros(g.shape[0], dtype=g.dtype)
                        state["column"] = torch.zeros(g.shape[1], dtype=g.dtype)
                    else:
                        state["full"] = torch.zeros_like(g)
                    if group["momentum"] > 0:
                        state["momentum"] = torch.zeros_like(g)
                state["step"] += 1
                beta2 = 1 - state["step"] ** -self.DECAY_EXPONENT
                squared = g * g + self.EPSILON
                if factored:
                    row, column = state["row"], state["column"]
                    row.mul_(beta2).add_(squared.mean(dim=1), alpha=1 - beta2)
                    column.mul_(beta2).add_(squared.mean(dim=0), alpha=1 - beta2)
                    row_factor = (row / row.mean()).rsqrt()
                    update = g * row_factor[:, None] * column.rsqrt()[None, :]
                else:
                    full = state["full"]
                    full.mul_(beta2).add_(squared, alpha=1 - beta2)
                    update = g * full.rsqrt()
                clip = max(1.0, float(update.pow(2).mean().sqrt()) / self.CLIPPING_THRESHOLD)
                scale = max(float(p.pow(2).mean().sqrt()), self.MINIMUM_SCALE)
                factor = group["lr"] * scale / clip
                momentum = group["momentum"]
                if momentum > 0:
                    first = state["momentum"]
                    first.mul_(momentum).add_(update * factor, alpha=1 - momentum)
                    p.sub_(first)
                else:
                    p.add_(update, alpha=-factor)


def make_optimizer(config: Configuration, parameters) -> torch.optim.Optimizer:
    if config.optimizer == "adam":
        return torch.optim.Adam(parameters, lr=config.learningRate, betas=(0.9, 0.999), eps=1e-8)
    return Adafactor(parameters, lr=config.learningRate, momentum=config.adafactorMomentum)


# MARK: training


@dataclass
class Distributed:
    """This process's place in a `torchrun` launch (rank 0 of 1 without one)."""

    rank: int = 0
    world_size: int = 1
    initialised: bool = False

    @staticmethod
    def from_environment() -> "Distributed":
        if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
            return Distributed()
        dist.init_process_group(backend="gloo")
        return Distributed(rank=dist.get_rank(), world_size=dist.get_world_size(), initialised=True)


def batches(rows: int, per_rank: int, config: Configuration, place: Distributed):
    """Endless batches of row indices for this rank: a `DistributedSampler` over every row,
    reshuffled each epoch (seeded by the run's seed), cut into `per_rank` rows per step."""
    sampler = DistributedSampler(range(rows), num_replicas=place.world_size, rank=place.rank,
                                 shuffle=True, seed=config.seed, drop_last=False)
    epoch = 0
    pending = torch.empty(0, dtype=torch.long)
    while True:
        while pending.numel() < per_rank:
            sampler.set_epoch(epoch)
            epoch += 1
            pending = torch.cat([pending, torch.tensor(list(iter(sampler)), dtype=torch.long)])
        yield pending[:per_rank]
        pending = pending[per_rank:]


def train(config: Configuration, inputs: np.ndarray, targets: np.ndarray, place: Distributed) -> dict:
    """Trains a fresh MLP; returns the model, losses and seconds spent in the training loop."""
    if config.batchSize % place.world_size != 0:
        raise TrainingError(f"--batch {config.batchSize} does not split evenly over {place.world_size} processes")
    if config.subtractResidual and inputs.shape[1] != targets.shape[1]:
        raise TrainingError("--subtract-residual needs inputs and targets of one width")
    sizes = [inputs.shape[1]] + [config.width] * config.depth + [targets.shape[1]]
    generator = torch.Generator().manual_seed(config.seed)
    model = MLP(sizes, config.activation)
    model.initialise(config.initialisation, generator)   # identical on every rank (same seed)
    network = DistributedDataParallel(model) if place.initialised else model
    optimizer = make_optimizer(config, network.parameters())
    noise_generator = torch.Generator().manual_seed(config.seed + 1 + place.rank)
    x_all, y_all = torch.from_numpy(inputs), torch.from_numpy(targets)
    per_rank = config.batchSize // place.world_size
    stream = batches(x_all.shape[0], per_rank, config, place)
    losses = []
    start = time.perf_counter()
    for step in range(config.steps):
        rows = next(stream)
        x, y = x_all[rows], y_all[rows]
        if config.noise > 0:
            x = x + config.noise * torch.randn(x.shape, generator=noise_generator)
        if config.subtractResidual:
            y = y - x
        loss = torch.nn.functional.mse_loss(network(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        rate = learning_rate(config, step)
        with torch.no_grad():
            if config.weightDecay > 0:
                for layer in model.layers:
                    layer.weight.mul_(1 - rate * config.weightDecay)
        for group in optimizer.param_groups:
            group["lr"] = rate
        optimizer.step()
        value = float(loss.detach())
        if not math.isfinite(value):
            raise TrainingError(f"the loss became {value} at step {step + 1}; lower --lr")
        losses.append(value)
    seconds = time.perf_counter() - start
    return {"model": model, "losses": losses, "seconds": seconds}


@torch.no_grad()
def metrics(model: MLP, inputs: np.ndarray, targets: np.ndarray, subtract_residual: bool) -> dict:
    """Alta's `TrainingMetrics` on every row (no noise): loss, vector and element accuracy."""
    x, y = torch.from_numpy(inputs), torch.from_numpy(targets)
    expected = y - x if subtract_residual else y
    predictions = torch.cat([model(x[i:i + 4096]) for i in range(0, x.shape[0], 4096)])
    error = predictions - expected
    right = error.abs() <= TOLERANCE
    return {
        "loss": float(error.double().pow(2).mean()),
        "vectorAccuracy": float(right.all(dim=1).double().mean()),
        "elementAccuracy": float(right.double().mean()),
    }


# MARK: output


def check_output_folder(folder: str) -> None:
    """Refuses a folder this script may not replace: anything but a missing or empty folder
    or a training run written by Alta or by this script (its manifest lists every file)."""
    if os.path.islink(folder):
        raise TrainingError(f"{folder} is a symbolic link; give a folder")
    if not os.path.exists(folder):
        return
    if not os.path.isdir(folder):
        raise TrainingError(f"{folder} is a file, not a folder")
    contents = sorted(os.listdir(folder))
    if not contents:
        return
    try:
        with open(os.path.join(folder, MANIFEST_FILE), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError):
        raise TrainingError(f"{folder} holds files that Alta did not write ({', '.join(contents[:5])}); give an empty or new folder") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != "training":
        raise TrainingError(f"{folder} is not a training run (its {MANIFEST_FILE} says {manifest.get('kind') if isinstance(manifest, dict) else manifest!r})")
    others = [name for name in contents if name != MANIFEST_FILE and name not in manifest.get("files", [])]
    if others:
        raise TrainingError(f"{folder} also holds files that Alta did not write: {', '.join(others)}")


def write_run(folder: str, model: MLP, config: Configuration, dataset: dict, summary: dict) -> None:
    """Writes `mlp.safetensors`, `metrics.json` and the manifest (replacing only a training run)."""
    check_output_folder(folder)
    os.makedirs(folder, exist_ok=True)
    tensors = {}
    for i, layer in enumerate(model.layers):
        tensors[f"layers.{i}.weight"] = layer.weight.detach().to(torch.float32).contiguous()
        tensors[f"layers.{i}.bias"] = layer.bias.detach().to(torch.float32).contiguous()
    metadata = {
        "sizes": ",".join(str(s) for s in model.sizes),
        "activation": model.activation,
        "configuration": config.json(),
        "trainer": "python/train_mlp.py (PyTorch " + torch.__version__ + ")",
    }
    save_file(tensors, os.path.join(folder, CHECKPOINT_FILE), metadata=metadata)
    run = {
        "configuration": config.__dict__,
        "program": dataset.get("program", ""),
        "generator": dataset.get("generator", ""),
        "rows": summary["rows"],
        "sizes": model.sizes,
        "metrics": summary["metrics"],
        "finalBatchLoss": summary["final_batch_loss"],
        "seconds": summary["seconds"],
        "stepsPerSecond": summary["steps_per_second"],
        "examplesPerSecond": summary["steps_per_second"] * config.batchSize,
        "processes": summary["processes"],
    }
    with open(os.path.join(folder, METRICS_FILE), "w", encoding="utf-8") as f:
        json.dump(run, f, indent=2, sort_keys=True)
    manifest = {"format_version": 1, "producer": "python/train_mlp.py", "kind": "training",
                "files": sorted([CHECKPOINT_FILE, METRICS_FILE])}
    with open(os.path.join(folder, MANIFEST_FILE), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)


# MARK: command line


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train Alta's trace MLP with PyTorch (DDP-ready; launch with torchrun).")
    parser.add_argument("traces", help="a trace folder written by `alta traces`")
    parser.add_argument("-o", "--output", help="the training-run folder to write (mlp.safetensors, metrics.json)")
    parser.add_argument("--depth", type=int, default=2, help="hidden layers")
    parser.add_argument("--width", type=int, default=128, help="units per hidden layer")
    parser.add_argument("--activation", default="relu", help="relu, sigmoid or tanh")
    parser.add_argument("--initialisation", default="he", help="he or xavier")
    parser.add_argument("--optimizer", default="adafactor", help="adafactor or adam")
    parser.add_argument("--steps", type=int, default=4000, help="training steps")
    parser.add_argument("--batch", type=int, default=256, help="rows per step (over all processes)")
    parser.add_argument("--lr", type=float, help="peak learning rate (default 0.01)")
    parser.add_argument("--warmup", type=int, help="warm-up steps (default 100)")
    parser.add_argument("--decay", type=float, help="learning-rate decay factor over the run, in (0, 1] (default 0.01)")
    parser.add_argument("--noise", type=float, default=0.0, help="standard deviation of Gaussian input noise")
    parser.add_argument("--subtract-residual", action="store_true", help="train on target − input")
    parser.add_argument("--weight-decay", type=float, default=0.0, help="decoupled weight decay on the weights")
    parser.add_argument("--seed", type=int, default=0, help="seed of initialisation, batches and noise")
    parser.add_argument("--adafactor-momentum", type=float, default=0.0,
                        help="Adafactor momentum β₁ in [0, 1) (optax's momentum; 0: none)")
    parser.add_argument("--adafactor-relative-step", action="store_true",
                        help="Adafactor with T5's relative step size min(1e-2, 1/√t) in place of --lr, --warmup and --decay")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: torch's choice)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    return parser.parse_args(argv)


def configuration(args: argparse.Namespace) -> Configuration:
    if args.adafactor_relative_step:
        given = [option for option, value in (("--lr", args.lr), ("--warmup", args.warmup), ("--decay", args.decay))
                 if value is not None]
        if given:
            raise TrainingError(f"{given[0]} does not apply with --adafactor-relative-step (the step size is min(1e-2, 1/√t))")
    defaults = Configuration()
    config = Configuration(depth=args.depth, width=args.width, activation=args.activation,
                           initialisation=args.initialisation, optimizer=args.optimizer, steps=args.steps,
                           batchSize=args.batch,
                           learningRate=defaults.learningRate if args.lr is None else args.lr,
                           warmupSteps=defaults.warmupSteps if args.warmup is None else args.warmup,
                           decayRate=defaults.decayRate if args.decay is None else args.decay,
                           noise=args.noise, subtractResidual=args.subtract_residual,
                           weightDecay=args.weight_decay, seed=args.seed, adafactorMomentum=args.adafactor_momentum,
                           adafactorRelativeStep=args.adafactor_relative_step)
    config.validate()
    return config


def main(argv: list[str]) -> int:
    args = parse(argv)
    place = Distributed()
    try:
        config = configuration(args)
        if args.threads is not None:
            if args.threads < 1:
                raise TrainingError(f"--threads must be at least 1, not {args.threads}")
            torch.set_num_threads(args.threads)
        if args.output is not None:
            check_output_folder(args.output)   # before the run, so a refused folder costs nothing
        dataset, inputs, targets = load_traces(args.traces)
        place = Distributed.from_environment()
        run = train(config, inputs, targets, place)
        if place.rank == 0:
            summary = {
                "trainer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                "processes": place.world_size, "rows": int(inputs.shape[0]), "steps": config.steps,
                "batch": config.batchSize, "optimizer": config.optimizer, "seconds": run["seconds"],
                "steps_per_second": config.steps / run["seconds"] if run["seconds"] > 0 else 0.0,
                "final_batch_loss": run["losses"][-1],
                "metrics": metrics(run["model"], inputs, targets, config.subtractResidual),
            }
            if args.output is not None:
                write_run(args.output, run["model"], config, dataset, summary)
            if args.json:
                print(json.dumps(summary, sort_keys=True))
            else:
                m = summary["metrics"]
                print(f"{config.steps} steps in {run['seconds']:.2f} s ({summary['steps_per_second']:.1f} steps/s, "
                      f"{place.world_size} process(es)); final batch loss {summary['final_batch_loss']:.5f}; "
                      f"on all {inputs.shape[0]} rows: loss {m['loss']:.5f}, vector accuracy {m['vectorAccuracy']:.4f}, "
                      f"element accuracy {m['elementAccuracy']:.4f}" + (f" → {args.output}" if args.output else ""))
        return 0
    except TrainingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if place.initialised:
            dist.destroy_process_group()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
