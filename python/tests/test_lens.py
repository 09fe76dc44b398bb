"""`alta.lens.load`: strict TransformerLens loading (HookedTransformer on 3.x,
TransformerBridge on 4.x) whose logits and every residual hook agree with Alta."""
import numpy as np
import pytest

pytest.importorskip("transformer_lens")
torch = pytest.importorskip("torch")

from alta import lens  # noqa: E402


@pytest.mark.parametrize("name,options", [
    ("reverse", ()), ("sort", ()), ("length_numerical", ()), ("frac_prevs_causal", ()),
    ("shift_by_2", ("--tracr-layout",)), ("hist", ("--causal",)), ("sort", ("--max-len", "16", "--samples", "16")),
])
def test_logits_and_every_residual_hook_match_alta(compiled, name, options):
    export = compiled(name, *options)
    model = lens.load(export)
    expected = "HookedTransformer" if lens.transformer_lens_major() < 4 else "TransformerBridge"
    assert type(model).__name__ == expected
    assert model.alta_export is export
    for example in export.reference:
        logits, residuals = lens.run_with_residuals(model, example["token_ids"])
        np.testing.assert_allclose(logits, example["output_scores"], atol=1e-5)
        assert len(residuals) == len(example["residuals"])
        for ours, alta_residual in zip(residuals, example["residuals"]):
            np.testing.assert_allclose(ours, alta_residual, atol=1e-5)
        assert export.decode(logits)[1:] == pytest.approx(example["decoded"][1:], abs=1e-5) \
            if export.output_values is None else export.decode(logits) == example["decoded"]


def test_tokens_are_encoded_with_the_attached_encoder(compiled):
    model = lens.load(compiled("reverse"))
    logits, _ = lens.run_with_residuals(model, "a b c")
    assert model.alta_export.decode(logits) == ["BOS", "c", "b", "a"]


def test_looped_models_are_refused_with_the_reason(compiled):
    export = compiled("addition")
    with pytest.raises(lens.LensError) as error:
        lens.load(export)
    assert str(error.value) == (
        f"{export.folder}: TransformerLens has no architecture for this model "
        f"({export.alta['transformer_lens_note']}); run it with alta.looped.LoopedTransformer instead")
    assert export.alta["transformer_lens_note"].startswith("one shared layer applied in a loop with halting; 4-layer MLP")


def test_default_processing_zeroes_a_numerical_output_and_center_unembed_false_keeps_it(compiled):
    """TransformerLens's default weight processing centres the unembedding: a one-column
    W_U becomes zero. `alta.lens.load` never processes; processing with
    `center_unembed=False` keeps the outputs."""
    export = compiled("length_numerical")
    example = next(e for e in export.reference if any(abs(row[0]) > 0.5 for row in e["output_scores"]))
    ids = torch.tensor([example["token_ids"]])

    def processed(**options):
        model = lens.load(export)
        if lens.transformer_lens_major() < 4:
            model.load_and_process_state_dict(lens.state_dict(export), **options)
        else:
            model.process_weights(**options)
        with torch.no_grad():
            return model(ids)[0].numpy()

    np.testing.assert_allclose(processed(center_unembed=False), example["output_scores"], atol=1e-5)
    assert np.all(processed() == 0), "the default centres the one column away"
