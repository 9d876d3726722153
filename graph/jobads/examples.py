"""Labelled job titles: vacancy titles whose ESCO occupation is known, used as a memory.

A title to normalize is compared with every labelled title (MiniLM cosine and character
n-gram TF-IDF, fused); each occupation scores its most similar labelled title. The labels'
frequencies also give a prior over occupations: among real postings, "software developer" is
far likelier than "software analyst". Both are added to the label-based scores by
:class:`graph.jobads.normalize.TitleNormalizer` when it is given examples.

The file is a CSV (UTF-8, header row) with the title in ``title`` or ``text`` and the occupation
in ``uri`` (ESCO URI) or ``label`` (ESCO preferred label), the layout of the vacancy-title
benchmark (``text,label``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.errors import InputError
from graph.jobads.embeddings import Matrix, TextEncoder
from graph.jobads.fusion import Scores
from graph.jobads.labels import EscoCatalog
from graph.jobads.retrieval import LexicalIndex, SemanticIndex, SurfaceForms
from graph.loaders.readers import read_delimited

TITLE_COLUMNS = ("title", "text")
OCCUPATION_COLUMNS = ("uri", "label")


@dataclass(frozen=True)
class LabelledTitle:
    """A vacancy title and the URI of the ESCO occupation it was labelled with."""

    title: str
    uri: str


@dataclass(frozen=True)
class LabelledTitles:
    """The examples read from a file, and the rows left out (label unknown to the catalog)."""

    examples: list[LabelledTitle]
    skipped: int
    skipped_labels: list[str]


def read_labelled_titles(path: str | Path, catalog: EscoCatalog) -> LabelledTitles:
    """Labelled titles from a CSV (see the module docstring). Rows whose occupation is not in
    ``catalog`` (a label renamed between ESCO versions) are counted, not silently dropped;
    structural faults raise :class:`InputError` with file, row and column."""
    path = Path(path)
    if not path.is_file():
        raise InputError.single(path, None, None, "no such file")
    by_label = catalog.occupation_by_label()
    known = {c.uri for c in catalog.occupations}
    examples: list[LabelledTitle] = []
    skipped: Counter[str] = Counter()
    with path.open("rb") as f:
        for row in read_delimited(f, str(path), required=(),
                                  one_of=(TITLE_COLUMNS, OCCUPATION_COLUMNS)):
            title_col = next(c for c in TITLE_COLUMNS if c in row.cells)
            occ_col = next(c for c in OCCUPATION_COLUMNS if c in row.cells)
            title = row[title_col].strip()
            occupation = row[occ_col].strip()
            if not title or not occupation:
                raise InputError.single(path, row.number, title_col if not title else occ_col,
                                        "expected a non-empty value")
            uri = occupation if occ_col == "uri" else by_label.get(occupation.lower())
            if uri is None or uri not in known:
                skipped[occupation] += 1
                continue
            examples.append(LabelledTitle(title, uri))
    return LabelledTitles(examples, sum(skipped.values()), sorted(skipped))


class TitleMemory:
    """Scores occupations by their most similar labelled title (see the module docstring).

    The labelled titles are held as the surface forms of their occupations
    (:class:`SurfaceForms`), indexed as the label sets are (:class:`LexicalIndex`,
    :class:`SemanticIndex`); a title's similarity fuses both before each occupation takes its
    best title."""

    def __init__(
        self,
        examples: Sequence[LabelledTitle],
        cleaned: Sequence[str],
        columns: Mapping[str, int],
        n_concepts: int,
        encoder: TextEncoder | None,
        *,
        lexical_weight: float,
    ) -> None:
        """``cleaned`` are the example titles as queries are cleaned; ``columns`` maps an
        occupation URI to its column among ``n_concepts``."""
        if len(cleaned) != len(examples):
            raise ValueError("expected one cleaned title per example")
        owner = np.asarray([columns[e.uri] for e in examples], dtype=np.int64)
        self.order = np.argsort(owner, kind="stable")
        sorted_owner = owner[self.order]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_owner)) + 1].astype(np.int64)
        self.owners = sorted_owner[starts] if len(owner) else owner
        self.n_concepts = n_concepts
        self.lexical_weight = lexical_weight
        self.lexical: LexicalIndex | None = None
        self.semantic: SemanticIndex | None = None
        if len(owner):
            groups = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(owner)]))
            self.forms = SurfaceForms([cleaned[i] for i in self.order], groups,
                                      np.ones(len(owner), dtype=np.float32), starts)
            self.lexical = LexicalIndex(self.forms)
            if encoder is not None:
                self.semantic = SemanticIndex(self.forms, encoder,
                                              description="Encoding labelled titles")
        self.counts: dict[str, int] = dict(Counter(e.uri for e in examples))

    def __len__(self) -> int:
        return len(self.order)

    def example_scores(self, cleaned: Sequence[str], vectors: Matrix | None) -> Scores:
        """Similarity of each query to each example (examples in occupation order)."""
        out = np.zeros((len(cleaned), len(self.order)), dtype=np.float32)
        if self.lexical is not None and cleaned:
            sem_w = 1.0 - self.lexical_weight if self.semantic is not None else 0.0
            out += np.float32(1.0 - sem_w) * self.lexical.form_scores(cleaned)
            if self.semantic is not None and vectors is not None:
                out += np.float32(sem_w) * (vectors @ self.semantic.vectors.T)
        return out

    def scores(
        self, cleaned: Sequence[str], vectors: Matrix | None, *,
        exclude: Sequence[int] | None = None,
    ) -> Scores:
        """Per occupation, the best similarity among its labelled titles (0 without any);
        ``exclude[r]`` (an example's index in the order given) is ignored for query ``r``:
        leave-one-out scores of the examples themselves, for tuning."""
        out = np.zeros((len(cleaned), self.n_concepts), dtype=np.float32)
        if len(self.order) and cleaned:
            sims = np.maximum(self.example_scores(cleaned, vectors), 0.0)
            if exclude is not None:
                position = np.empty(len(self.order), dtype=np.int64)
                position[self.order] = np.arange(len(self.order))
                sims[np.arange(len(cleaned)), position[np.asarray(exclude)]] = 0.0
            out[:, self.owners] = self.forms.best_per_concept(sims)
        return out
