"""Loading exports: weights (sparse and dense), config, encoders, the numpy forward pass
against Alta's reference outputs and `alta run`."""
import json

import numpy as np
import pytest

import alta
from conftest import alta_run_json


def test_compile_and_run_reverse(compiled):
    model = compiled("reverse")
    assert model.input_tokens == ["BOS", "PAD", "a", "b", "c"]
    assert model.encode("a b c") == [0, 2, 3, 4]
    assert model.encode(["BOS", "c"]) == [0, 4]
    assert model.run("a b c") == ["BOS", "c", "b", "a"]
    assert model.decode(model.forward(model.encode("c a"))[0]) == ["BOS", "a", "c"]


def test_token_ids_follow_input_tokens_not_bos_first(compiled):
    # A vocabulary that sorts before "BOS": BOS is not id 0.
    model = compiled("reverse", "--vocab", "1,2,3")
    assert model.input_tokens.index("BOS") != 0
    ids = model.encode("3 1")
    assert [model.input_tokens[i] for i in ids] == ["BOS", "3", "1"]


def test_encode_errors_name_the_token(compiled):
    model = compiled("reverse")
    with pytest.raises(ValueError) as error:
        model.encode("a z")
    assert str(error.value) == "token 'z' at position 2 is not in the vocabulary ['BOS', 'PAD', 'a', 'b', 'c']"
    n_ctx = model.config["n_ctx"]
    with pytest.raises(ValueError) as error:
        model.encode(["a"] * n_ctx)
    assert str(error.value) == f"{n_ctx + 1} tokens, but the model takes at most {n_ctx} (n_ctx)"


@pytest.mark.parametrize("name", ["reverse", "sort", "hist", "length_numerical", "frac_prevs_causal", "sort_unique"])
def test_numpy_forward_matches_alta(compiled, name):
    model = compiled(name)
    assert model.reference, "alta compile writes reference outputs"
    for example in model.reference:
        scores, final, layers_run, residuals = model.forward(example["token_ids"])
        np.testing.assert_allclose(scores, example["output_scores"], atol=1e-5)
        assert len(residuals) == len(example["residuals"]) == 2 * model.config["n_layers"] + 1
        for ours, theirs in zip(residuals, example["residuals"]):
            np.testing.assert_allclose(ours, theirs, atol=1e-5)
        decoded = model.decode(scores)
        if model.output_values is None:  # numerical: float64 here, float32 in Alta
            assert decoded[1:] == pytest.approx(example["decoded"][1:], abs=1e-5)
        else:
            assert decoded == example["decoded"]


def test_sparse_and_dense_exports_hold_the_same_weights(compiled):
    sparse, dense = compiled("sort"), compiled("sort", "--dense")
    assert set(sparse.weights) == set(dense.weights)
    for name in sparse.weights:
        np.testing.assert_array_equal(sparse.weights[name], dense.weights[name])
    assert any(k.endswith(".sparse_values") for k in json.loads(
        (sparse.folder / "model.safetensors").read_bytes()[8:8 + int.from_bytes((sparse.folder / "model.safetensors").read_bytes()[:8], "little")]))


def test_alta_run_agrees_with_python(compiled):
    model = compiled("sort")
    result = alta_run_json(model.folder, "3 1 2")
    assert result["output"] == model.run("3 1 2") == ["BOS", "1", "2", "3"]


def test_attention_scale_is_folded_into_the_queries(compiled):
    model = compiled("reverse")
    cfg = model.config
    assert cfg["use_attn_scale"] is True
    assert cfg["attn_scale"] == pytest.approx(cfg["d_head"] ** 0.5)
    assert model.alta["query_scale"] == pytest.approx(cfg["attn_scale"] * model.alta["attention_scale"])


def test_compile_program_text(tmp_path):
    text = ('#@ vocab ["a", "b", "c"]\n#@ max_seq_len 8\n'
            "same_token = select(tokens, tokens, ==);\nhistogram = selector_width(same_token);\n")
    model = alta.compile("histogram.rasp", text=text)
    assert model.run("a b a c a") == ["BOS", "3", "1", "3", "1", "3"]


def test_compile_errors_carry_altas_message():
    with pytest.raises(alta.CompileError) as error:
        alta.compile("nosuch")
    assert str(error.value) == "alta compile nosuch: Error: no library program named 'nosuch' (see `alta list`)"


def test_load_errors_name_the_file(tmp_path):
    with pytest.raises(alta.ExportError) as error:
        alta.load(tmp_path)
    assert str(error.value) == f"{tmp_path} is not an Alta export: it has no config.json"
    (tmp_path / "config.json").write_text('{"n_layers": 1}')
    (tmp_path / "model.safetensors").write_bytes(b"")
    with pytest.raises(alta.ExportError) as error:
        alta.load(tmp_path)
    assert str(error.value) == f"{tmp_path / 'config.json'}: no 'alta' section, so not a config Alta wrote"
