"""MiniLM vectors of the searchable nodes' labels, for the meaning of ``search`` text.

``search`` (the GraphQL API) encodes its text with the same all-MiniLM-L6-v2 and ranks the
nodes whose label is nearest to it in meaning, across all the kinds it searches: the cosines
of one model against one query vector are comparable from one kind to another. The vectors are
the node's display label alone (an ESCO preferred label, an O*NET or CIP title): measured on
300 vacancy titles, labels found the right occupation more often than label and description
(``docs/api.md``).

Names (read by the API): ``labelEmbedding`` on ``Skill`` / ``Occupation`` / ``OnetOccupation``
/ ``Program``, with cosine indexes ``skill_label_embedding`` / ``occupation_label_embedding`` /
``onet_occupation_label_embedding`` / ``program_label_embedding``. They depend on the text
only, not on the trained model: ``skillgraph train`` (re)writes them after the model's vectors,
encoding only labels its text cache has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from gnn import queries
from gnn.features import TEXT_DIM, EmbeddingCache, TextEncoder, encode_texts
from gnn.writeback import execute, index_vectors, write_rows

LABEL_EMBEDDING = "labelEmbedding"


@dataclass(frozen=True)
class LabelVectorSpec:
    """A searchable label: its key, the property encoded, and the vector index over it."""

    label: str
    key: str
    text: str
    index: str


LABEL_VECTOR_SPECS: tuple[LabelVectorSpec, ...] = (
    LabelVectorSpec("Skill", "uri", "label", "skill_label_embedding"),
    LabelVectorSpec("Occupation", "uri", "label", "occupation_label_embedding"),
    LabelVectorSpec("OnetOccupation", "code", "title", "onet_occupation_label_embedding"),
    LabelVectorSpec("Program", "cipCode", "title", "program_label_embedding"),
)


@dataclass
class LabelVectorStats:
    """Nodes given a label vector, and nodes left without one (no label), by kind."""

    written: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.written.values())


def write_label_vectors(
    driver: neo4j.Driver,
    cache_dir: Path,
    encoder: TextEncoder | None = None,
    *,
    database: str = "neo4j",
    batch_size: int = 2000,
    on_encoding: Callable[[int, int], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> LabelVectorStats:
    """Encode every searchable node's label (``encoder`` defaults to MiniLM; the cache in
    ``cache_dir`` is the training features' own), write it as ``labelEmbedding`` in batches and
    create the vector indexes. A node with an empty label gets no vector and is counted in
    ``skipped``; a node whose label changed gets its new vector. ``on_encoding(done, total)``
    follows the labels of one kind that needed encoding, ``on_progress(done, total)`` the nodes
    written."""
    cache = EmbeddingCache(cache_dir)
    stats = LabelVectorStats()
    tables = []
    for spec in LABEL_VECTOR_SPECS:
        (record,) = execute(driver, queries.node_columns(spec.label, spec.key, (spec.text,)),
                            database)
        keys, texts = list(record["keys"]), [str(t).strip() for t in record["f0"]]
        kept = [(k, t) for k, t in zip(keys, texts, strict=True) if t]
        stats.skipped[spec.label] = len(keys) - len(kept)
        tables.append((spec, kept))
    total = sum(len(kept) for _, kept in tables)
    done, dimensions = 0, TEXT_DIM

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if on_progress is not None:
            on_progress(done, total)

    for spec, kept in tables:
        vectors = encode_texts([t for _, t in kept], cache, encoder, on_progress=on_encoding)
        rows = [{"id": k, "p0": v.tolist()} for (k, _), v in zip(kept, vectors, strict=True)]
        if rows:
            dimensions = int(vectors.shape[1])
        write_rows(driver, queries.set_vectors(spec.label, spec.key, (LABEL_EMBEDDING,)),
                   rows, database=database, batch_size=batch_size, on_progress=advance)
        stats.written[spec.label] = len(rows)
    index_vectors(driver, [(s.index, s.label, LABEL_EMBEDDING) for s, kept in tables if kept],
                  dimensions, database=database)
    return stats
