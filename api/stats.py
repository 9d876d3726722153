"""``stats``: node and relationship counts and the current model."""

from __future__ import annotations

import strawberry

from api import queries
from api.context import Info


@strawberry.type(description="How many nodes carry a label.")
class LabelCount:
    label: str = strawberry.field(description="Node label.")
    count: int = strawberry.field(description="Number of nodes.")


@strawberry.type(description="How many relationships have a type.")
class TypeCount:
    type: str = strawberry.field(description="Relationship type.")
    count: int = strawberry.field(description="Number of relationships.")


@strawberry.type(description="The model whose embeddings the graph holds.")
class ModelVersion:
    version: str = strawberry.field(description="Model version.")
    created_at: str | None = strawberry.field(description="When it was trained.")
    dimensions: int | None = strawberry.field(description="Embedding dimensions.")
    metrics: str | None = strawberry.field(description="Evaluation metrics (JSON).")


@strawberry.type(description="Size of the graph and the model in use.")
class Stats:
    nodes: list[LabelCount] = strawberry.field(description="Nodes per label.")
    relationships: list[TypeCount] = strawberry.field(description="Relationships per type.")
    model: ModelVersion | None = strawberry.field(
        description="The current model, or null before one is trained."
    )


async def graph_stats(info: Info) -> Stats:
    """Counts from the count store plus the current ModelVersion (one query)."""
    records = await info.context.reader.read(queries.stats_query())
    row = records[0]
    model = None if row["model"] is None else dict(row["model"])
    return Stats(
        nodes=[
            LabelCount(label=label, count=int(n))
            for label, n in zip(queries.STATS_LABELS, row["nodes"], strict=True)
        ],
        relationships=[
            TypeCount(type=t, count=int(n))
            for t, n in zip(queries.STATS_TYPES, row["relationships"], strict=True)
        ],
        model=None
        if model is None
        else ModelVersion(
            version=str(model["version"]),
            created_at=None if model.get("createdAt") is None else str(model["createdAt"]),
            dimensions=None if model.get("dimensions") is None else int(model["dimensions"]),
            metrics=None if model.get("metrics") is None else str(model["metrics"]),
        ),
    )
