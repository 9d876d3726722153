"""The link-prediction model: a heterogeneous GraphSAGE encoder (``to_hetero``) and two
cosine decoders, one symmetric (skill relatedness), one directed (career transitions).

Both decoders score a pair as ``scale * cos(u, v) + bias``, so ranking by the cosine of the
written-back vectors is exactly ranking by the model's score.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch_geometric.nn import SAGEConv, to_hetero

Metadata = tuple[list[str], list[tuple[str, str, str]]]


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters of the encoder and the training loop."""

    hidden: int = 128
    layers: int = 2
    dropout: float = 0.2
    lr: float = 0.005
    weight_decay: float = 1e-5
    epochs: int = 120
    patience: int = 20
    negatives: int = 5
    supervision_ratio: float = 0.3
    val_ratio: float = 0.1
    test_ratio: float = 0.1
    threads: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SageStack(nn.Module):
    """Homogeneous SAGE layers with residual connections; ``to_hetero`` copies them per type."""

    def __init__(self, hidden: int, layers: int, dropout: float) -> None:
        super().__init__()
        self.convs = nn.ModuleList(SAGEConv((hidden, hidden), hidden) for _ in range(layers))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor, edge_index: Tensor) -> Tensor:
        for conv in self.convs:
            x = x + self.dropout(F.gelu(conv(x, edge_index)))
        return x

    def __repr__(self) -> str:
        return f"SageStack(layers={len(self.convs)}, hidden={self.convs[0].out_channels})"


class HeteroEncoder(nn.Module):
    """Per-type input projections of the node features, then heterogeneous SAGE layers."""

    def __init__(self, metadata: Metadata, in_dims: dict[str, int], config: ModelConfig) -> None:
        super().__init__()
        self.node_types = list(metadata[0])
        self.inputs = nn.ModuleDict(
            {t: nn.Sequential(nn.Linear(in_dims[t], config.hidden), nn.LayerNorm(config.hidden))
             for t in self.node_types}
        )
        self.gnn = to_hetero(SageStack(config.hidden, config.layers, config.dropout),
                             metadata, aggr="sum")
        self.hidden = config.hidden
        self.layers = config.layers

    def forward(self, x_dict: dict[str, Tensor],
                edge_index_dict: dict[tuple[str, str, str], Tensor]) -> dict[str, Tensor]:
        h = {t: self.inputs[t](x_dict[t]) for t in self.node_types}
        out: dict[str, Tensor] = self.gnn(h, edge_index_dict)
        return out

    def __repr__(self) -> str:
        return (f"HeteroEncoder(node_types={self.node_types}, hidden={self.hidden}, "
                f"layers={self.layers}, conv=SAGEConv, aggr='sum')")


class TextSkip(nn.Module):
    """A learned mixture of a node's text vector ``t`` and graph vector ``g``:
    ``[sqrt(m) t, sqrt(1 - m) g]`` with both parts unit length, so the result is unit length
    and the cosine of two results is ``m cos(t_a, t_b) + (1 - m) cos(g_a, g_b)``. Without
    ``t``, just the normalised ``g``."""

    def __init__(self) -> None:
        super().__init__()
        self.logit = nn.Parameter(torch.tensor(0.0))

    @property
    def text_weight(self) -> float:
        return float(torch.sigmoid(self.logit).item())

    def forward(self, g: Tensor, t: Tensor | None = None) -> Tensor:
        g = F.normalize(g, dim=-1)
        if t is None:
            return g
        m = torch.sigmoid(self.logit)
        return torch.cat([m.sqrt() * F.normalize(t, dim=-1), (1 - m).sqrt() * g], dim=-1)


class CosineDecoder(nn.Module):
    """Symmetric pair score: ``scale * cos(u_a, u_b) + bias`` with ``u = mix(P z, t)``."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.project = nn.Linear(hidden, hidden)
        self.mix = TextSkip()
        self.log_scale = nn.Parameter(torch.tensor(math.log(10.0)))
        self.bias = nn.Parameter(torch.tensor(-5.0))

    def vectors(self, z: Tensor, t: Tensor | None = None) -> Tensor:
        """L2-normalised vectors whose cosine is the score."""
        out: Tensor = self.mix(self.project(z), t)
        return out

    def forward(self, z_src: Tensor, z_dst: Tensor, t_src: Tensor | None = None,
                t_dst: Tensor | None = None) -> Tensor:
        cos = (self.vectors(z_src, t_src) * self.vectors(z_dst, t_dst)).sum(-1)
        return self.log_scale.exp() * cos + self.bias

    def __repr__(self) -> str:
        return f"CosineDecoder(dim={self.project.out_features}, symmetric=True)"


class DirectedCosineDecoder(nn.Module):
    """Directed pair score: ``scale * cos(mix(S z_a, t_a), mix(T z_b, t_b)) + bias`` (source
    and target roles)."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.source = nn.Linear(hidden, hidden)
        self.target = nn.Linear(hidden, hidden)
        self.mix = TextSkip()
        self.log_scale = nn.Parameter(torch.tensor(math.log(10.0)))
        self.bias = nn.Parameter(torch.tensor(-5.0))

    def source_vectors(self, z: Tensor, t: Tensor | None = None) -> Tensor:
        out: Tensor = self.mix(self.source(z), t)
        return out

    def target_vectors(self, z: Tensor, t: Tensor | None = None) -> Tensor:
        out: Tensor = self.mix(self.target(z), t)
        return out

    def forward(self, z_src: Tensor, z_dst: Tensor, t_src: Tensor | None = None,
                t_dst: Tensor | None = None) -> Tensor:
        cos = (self.source_vectors(z_src, t_src) * self.target_vectors(z_dst, t_dst)).sum(-1)
        return self.log_scale.exp() * cos + self.bias

    def __repr__(self) -> str:
        return f"DirectedCosineDecoder(dim={self.source.out_features}, symmetric=False)"


class LinkPredictor(nn.Module):
    """The encoder plus one decoder per served task."""

    def __init__(self, metadata: Metadata, in_dims: dict[str, int], config: ModelConfig) -> None:
        super().__init__()
        self.encoder = HeteroEncoder(metadata, in_dims, config)
        self.related = CosineDecoder(config.hidden)
        self.transition = DirectedCosineDecoder(config.hidden)

    def forward(self, x_dict: dict[str, Tensor],
                edge_index_dict: dict[tuple[str, str, str], Tensor]) -> dict[str, Tensor]:
        out: dict[str, Tensor] = self.encoder(x_dict, edge_index_dict)
        return out
