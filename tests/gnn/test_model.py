"""Shapes and algebra of the encoder and decoders on tiny tensors."""

from __future__ import annotations

import torch

from gnn.model import CosineDecoder, DirectedCosineDecoder, LinkPredictor, ModelConfig


def _tiny() -> tuple[LinkPredictor, dict[str, torch.Tensor], dict[tuple[str, str, str],
                                                                   torch.Tensor]]:
    torch.manual_seed(0)
    metadata = (["A", "B"], [("A", "to", "B"), ("B", "rev_to", "A")])
    x = {"A": torch.randn(5, 7), "B": torch.randn(3, 4)}
    ei = {("A", "to", "B"): torch.tensor([[0, 1, 4], [0, 2, 2]]),
          ("B", "rev_to", "A"): torch.tensor([[0, 2, 2], [0, 1, 4]])}
    model = LinkPredictor(metadata, {"A": 7, "B": 4}, ModelConfig(hidden=16, layers=2))
    return model, x, ei


def test_the_encoder_maps_every_node_type_to_the_hidden_size() -> None:
    model, x, ei = _tiny()
    z = model(x, ei)
    assert z["A"].shape == (5, 16) and z["B"].shape == (3, 16)
    assert "SAGEConv" in repr(model.encoder) and "hidden=16" in repr(model.encoder)


def test_the_symmetric_decoder_score_is_scaled_cosine_of_its_vectors() -> None:
    dec = CosineDecoder(8)
    a, b = torch.randn(4, 8), torch.randn(4, 8)
    cos = (dec.vectors(a) * dec.vectors(b)).sum(-1)
    assert torch.allclose(dec(a, b), dec.log_scale.exp() * cos + dec.bias)
    assert torch.allclose(dec(a, b), dec(b, a))
    assert torch.allclose(dec.vectors(a).norm(dim=-1), torch.ones(4))


def test_the_directed_decoder_scores_a_to_b_differently_from_b_to_a() -> None:
    torch.manual_seed(1)
    dec = DirectedCosineDecoder(8)
    a, b = torch.randn(4, 8), torch.randn(4, 8)
    cos = (dec.source_vectors(a) * dec.target_vectors(b)).sum(-1)
    assert torch.allclose(dec(a, b), dec.log_scale.exp() * cos + dec.bias)
    assert not torch.allclose(dec(a, b), dec(b, a))
    assert "symmetric=False" in repr(dec)


def test_the_text_mixture_is_unit_length_and_its_cosine_mixes_both_cosines() -> None:
    from gnn.model import TextSkip

    torch.manual_seed(2)
    mix = TextSkip()
    g, t = torch.randn(3, 8), torch.randn(3, 5)
    v = mix(g, t)
    assert v.shape == (3, 13)
    assert torch.allclose(v.norm(dim=-1), torch.ones(3))
    m = mix.text_weight
    gn, tn = torch.nn.functional.normalize(g, dim=-1), torch.nn.functional.normalize(t, dim=-1)
    expected = m * (tn[0] @ tn[1]) + (1 - m) * (gn[0] @ gn[1])
    assert torch.allclose(v[0] @ v[1], expected, atol=1e-6)


def test_the_cli_trains_as_many_epochs_as_the_model_config_by_default() -> None:
    from gnn.cli import DEFAULT_EPOCHS

    assert ModelConfig().epochs == DEFAULT_EPOCHS
