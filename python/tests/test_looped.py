"""The PyTorch module runs looped ALTA exports (shared layer, 4-layer clipped-ReLU MLP,
relative masks, sinks, halting) and stacked RASP exports as Alta does."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from alta import looped  # noqa: E402
from conftest import alta_run_json  # noqa: E402


@pytest.mark.parametrize("name", ["parity_sequential_absolute", "sparse_parity_sequential_relative", "alta:sort_unique", "addition"])
def test_looped_alta_models_match_alta(compiled, name):
    export = compiled(name)
    assert export.is_looped and export.alta["mlp_depth"] == 4
    module = looped.load(export)
    assert isinstance(module, torch.nn.Module)
    assert export.reference
    for example in export.reference:
        with torch.no_grad():
            out = module.run(example["token_ids"])
        assert out.layers_run == example["layers_run"]
        np.testing.assert_allclose(out.scores.numpy(), example["output_scores"], atol=1e-5)
        assert len(out.residuals) == len(example["residuals"]) == 2 * out.layers_run + 1
        for ours, alta_residual in zip(out.residuals, example["residuals"]):
            np.testing.assert_allclose(ours.numpy(), alta_residual, atol=1e-5)
        assert export.decode(out.scores.numpy()) == example["decoded"]
        # the numpy forward pass agrees too
        scores, _, layers_run, _ = export.forward(example["token_ids"])
        assert layers_run == out.layers_run
        np.testing.assert_allclose(scores, out.scores.numpy(), atol=1e-5)


def test_halting_stops_early_and_matches_alta_run(compiled):
    export = compiled("parity_sequential_absolute")
    module = looped.load(export)
    ids = export.reference[0]["token_ids"]
    with torch.no_grad():
        out = module.run(ids)
    assert out.layers_run < export.alta["max_iterations"], "the halting rule stopped the loop"
    tokens = export.reference[0]["tokens"]
    text = "".join(t for t in tokens if t not in ("START", export.bos_token))
    result = alta_run_json(export.folder, text)
    assert result["layers_run"] == out.layers_run
    assert result["output"] == export.decode(out.scores.numpy())


def test_stacked_rasp_model_runs_too(compiled):
    export = compiled("sort")
    module = looped.load(export)
    for example in export.reference:
        with torch.no_grad():
            np.testing.assert_allclose(module(example["token_ids"]).numpy(), example["output_scores"], atol=1e-5)


def test_bad_inputs_are_named(compiled):
    module = looped.load(compiled("sort"))
    with pytest.raises(ValueError) as error:
        module.run([[0, 1]])
    assert str(error.value) == "run takes one sequence of token ids (1-D), got shape (1, 2)"
    n_ctx = module.W_pos.shape[0]
    with pytest.raises(ValueError) as error:
        module.run([0] * (n_ctx + 1))
    assert str(error.value) == f"{n_ctx + 1} tokens, but the model takes at most {n_ctx} (n_ctx)"
