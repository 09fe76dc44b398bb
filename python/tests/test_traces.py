"""Reading trace datasets written by `alta traces`."""
import json
import subprocess

import numpy as np
import pytest

import alta


@pytest.fixture(scope="module")
def trace_folder(tmp_path_factory, binary):
    folder = tmp_path_factory.mktemp("traces") / "parity"
    subprocess.run([str(binary), "traces", "sparse_parity_sequential_relative", "--lengths", "1...3",
                    "--fill", "zero", "--output", str(folder)], check=True, capture_output=True)
    return folder


def test_reads_every_row(trace_folder, compiled):
    data = alta.read_traces(trace_folder)
    meta = json.loads((trace_folder / "traces.json").read_text())
    assert len(data) == meta["rows"] > 0
    d = meta["d_model"]
    assert data.inputs.shape == data.targets.shape == (meta["rows"], d)
    assert data.inputs.dtype == np.float32 and data.layer.dtype == np.int32
    assert data.example.max() == meta["examples"] - 1
    # The rows are in the compiled model's residual layout.
    assert data.residual_labels == compiled("sparse_parity_sequential_relative").alta["residual_labels"]



def test_zero_filled_rows_are_the_compiled_models_states(trace_folder, compiled):
    """Every MLP input row (zero fill) is the compiled model's residual after attention at
    some layer and position of some bit string of length 1–3, and its target the residual
    after the MLP (the PyTorch module's `hook_resid_mid`/`hook_resid_post`)."""
    torch = pytest.importorskip("torch")
    from alta import looped

    export = compiled("sparse_parity_sequential_relative")
    module = looped.load(export)
    states = set()
    for n in range(1, 4):
        for k in range(2 ** n):
            bits = [str((k >> i) & 1) for i in range(n)]
            with torch.no_grad():
                out = module.run(export.encode(["START"] + bits))
            for layer in range(out.layers_run):
                mid, post = out.residuals[2 * layer + 1].numpy(), out.residuals[2 * layer + 2].numpy()
                states |= {(tuple(np.round(a, 5)), tuple(np.round(b, 5))) for a, b in zip(mid, post)}
    data = alta.read_traces(trace_folder)
    rows = {(tuple(np.round(a, 5)), tuple(np.round(b, 5))) for a, b in zip(data.inputs, data.targets)}
    assert rows and rows.issubset(states)


def test_missing_shard_and_metadata_are_named(trace_folder, tmp_path):
    with pytest.raises(alta.TraceError) as error:
        alta.read_traces(tmp_path)
    assert str(error.value) == f"{tmp_path} is not a trace dataset: it has no traces.json"
    meta = json.loads((trace_folder / "traces.json").read_text())
    meta["shards"] = ["traces-00009.safetensors"]
    (tmp_path / "traces.json").write_text(json.dumps(meta))
    with pytest.raises(alta.TraceError) as error:
        alta.read_traces(tmp_path)
    assert str(error.value) == f"{tmp_path}: shard 'traces-00009.safetensors' is missing"
