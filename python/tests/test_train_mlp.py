"""python/train_mlp.py, the PyTorch hand-off: its pieces against Alta's definitions, and a
short run whose checkpoint `alta evaluate-mlp` loads."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

SCRIPT = Path(__file__).resolve().parent.parent / "train_mlp.py"
spec = importlib.util.spec_from_file_location("train_mlp", SCRIPT)
train_mlp = importlib.util.module_from_spec(spec)
sys.modules["train_mlp"] = train_mlp   # dataclasses look their module up
spec.loader.exec_module(train_mlp)


def test_schedule_is_alta_s_warm_up_then_decay_with_a_floor():
    config = train_mlp.Configuration(learningRate=0.01, warmupSteps=100, decayRate=0.01, steps=4000)
    assert train_mlp.learning_rate(config, 0) == 0
    assert train_mlp.learning_rate(config, 50) == pytest.approx(0.005)
    assert train_mlp.learning_rate(config, 100) == pytest.approx(0.01)
    assert train_mlp.learning_rate(config, 2100) == pytest.approx(0.001)        # half-way: decay^0.5
    assert train_mlp.learning_rate(config, 100_000) == pytest.approx(0.0001)    # the floor lr·decay


def test_configuration_json_has_every_key_alta_decodes():
    keys = set(json.loads(train_mlp.Configuration().json()))
    assert keys == {"depth", "width", "activation", "initialisation", "optimizer", "steps", "batchSize", "learningRate",
                    "warmupSteps", "decayRate", "noise", "subtractResidual", "weightDecay", "seed", "adafactorMomentum",
                    "adafactorRelativeStep"}


def test_settings_out_of_range_are_named():
    with pytest.raises(train_mlp.TrainingError, match=r"^--decay must lie in \(0, 1\], not 2$"):
        train_mlp.Configuration(decayRate=2).validate()


def test_the_relative_step_is_one_hundredth_then_one_over_root_t():
    config = train_mlp.Configuration(adafactorRelativeStep=True)
    assert train_mlp.learning_rate(config, 0) == 0.01          # t = 1
    assert train_mlp.learning_rate(config, 9_999) == 0.01      # t = 10,000
    assert train_mlp.learning_rate(config, 39_999) == 0.005    # t = 40,000
    assert train_mlp.learning_rate(config, 999_999) == 0.001   # t = 10⁶


def test_adafactor_settings_are_checked():
    with pytest.raises(train_mlp.TrainingError, match=r"^--adafactor-momentum must lie in \[0, 1\), not 1.0$"):
        train_mlp.Configuration(adafactorMomentum=1.0).validate()
    with pytest.raises(train_mlp.TrainingError, match=r"^--adafactor-momentum needs the adafactor optimizer, not adam$"):
        train_mlp.Configuration(optimizer="adam", adafactorMomentum=0.5).validate()
    with pytest.raises(train_mlp.TrainingError, match=r"^--adafactor-relative-step needs the adafactor optimizer, not adam$"):
        train_mlp.Configuration(optimizer="adam", adafactorRelativeStep=True).validate()
    args = train_mlp.parse(["traces", "--adafactor-relative-step", "--lr", "0.1"])
    with pytest.raises(train_mlp.TrainingError,
                       match=r"^--lr does not apply with --adafactor-relative-step \(the step size is min\(1e-2, 1/√t\)\)$"):
        train_mlp.configuration(args)
    config = train_mlp.configuration(train_mlp.parse(["traces", "--adafactor-relative-step", "--adafactor-momentum", "0.9"]))
    assert config.adafactorRelativeStep and config.adafactorMomentum == 0.9 and config.learningRate == 0.01


def test_adafactor_momentum_three_steps_by_hand():
    # The numbers of Alta's OptimizerTests.adafactorMomentumThreeSteps: optax's momentum is an
    # exponential moving average (no bias correction) of the scaled, clipped update.
    w = torch.nn.Parameter(torch.tensor([[0.5, -0.5]], dtype=torch.float64))
    optimizer = train_mlp.Adafactor([w], lr=0.1, momentum=0.9)
    expected = [[0.495, -0.495], [0.48555, -0.4937804107], [0.4799956072, -0.4975625444]]
    for g, after in zip([[0.2, -0.4], [0.2, 0.2], [-0.1, 0.3]], expected):
        w.grad = torch.tensor([g], dtype=torch.float64)
        optimizer.step()
        assert w.detach()[0].tolist() == pytest.approx(after, abs=1e-9)


def test_adafactor_factors_only_matrices_of_both_sides_at_least_128():
    big = torch.nn.Parameter(torch.ones(128, 128))
    small = torch.nn.Parameter(torch.ones(9, 128))
    optimizer = train_mlp.Adafactor([big, small], lr=0.1)
    big.grad, small.grad = torch.full((128, 128), 0.5), torch.full((9, 128), 0.5)
    optimizer.step()
    assert set(optimizer.state[big]) == {"step", "row", "column"}
    assert set(optimizer.state[small]) == {"step", "full"}
    # Step 1: β₂ = 0, the update is g/|g| = 1 everywhere (rms 1, no clipping), scaled by rms(w) = 1.
    assert torch.allclose(big.detach(), torch.full((128, 128), 0.9))
    assert torch.allclose(small.detach(), torch.full((9, 128), 0.9))


def test_a_folder_it_did_not_write_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(train_mlp.TrainingError, match="holds files that Alta did not write"):
        train_mlp.check_output_folder(str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_short_run_writes_a_checkpoint_alta_evaluates(tmp_path, binary):
    traces, run = tmp_path / "traces", tmp_path / "run"
    subprocess.run([str(binary), "traces", "sparse_parity_sequential_relative", "--lengths", "1...4", "--layers", "tokens",
                    "--output", str(traces)], check=True, capture_output=True)
    subprocess.run([sys.executable, str(SCRIPT), str(traces), "-o", str(run), "--steps", "20", "--subtract-residual",
                    "--threads", "1"], check=True, capture_output=True)
    assert json.loads((run / "alta-files.json").read_text())["kind"] == "training"
    result = subprocess.run([str(binary), "evaluate-mlp", "sparse_parity_sequential_relative", "--checkpoint", str(run),
                             "--lengths", "4", "--samples", "2", "--json"], check=True, capture_output=True, text=True)
    rows = json.loads(result.stdout)
    assert [row["length"] for row in rows] == [4] and rows[0]["samples"] == 2
