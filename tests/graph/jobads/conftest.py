"""Shared pieces of the job-ads tests: a tiny catalog and a deterministic fake encoder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from graph.jobads.embeddings import Matrix
from graph.jobads.labels import Concept, EscoCatalog

SOFTWARE = "http://data.europa.eu/esco/occupation/software"
NURSE = "http://data.europa.eu/esco/occupation/nurse"
TESTER = "http://data.europa.eu/esco/occupation/tester"
PYTHON = "http://data.europa.eu/esco/skill/python"
SQL = "http://data.europa.eu/esco/skill/sql"
CARE = "http://data.europa.eu/esco/skill/care"
TESTING = "http://data.europa.eu/esco/skill/testing"


class BagOfWordsEncoder:
    """A fake sentence encoder: hashed, L2-normalised bags of lower-cased words."""

    name = "bag-of-words"
    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(
        self, texts: Sequence[str], *, description: str = "Encoding", cache: bool = False
    ) -> Matrix:
        self.calls += 1
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions
                out[i, h] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1.0, norms)).astype(np.float32)


@pytest.fixture
def catalog() -> EscoCatalog:
    return EscoCatalog(
        occupations=[
            Concept(SOFTWARE, "software developer", ("programmer", "software engineer")),
            Concept(NURSE, "nurse responsible for general care", ("registered nurse",)),
            Concept(TESTER, "ICT test analyst", ("QA engineer", "software tester")),
        ],
        skills=[
            Concept(PYTHON, "Python (computer programming)", ("Python",)),
            Concept(SQL, "SQL", ("structured query language",)),
            Concept(CARE, "provide nursing care", ("care for patients",)),
            Concept(TESTING, "execute software tests", ("software testing",)),
        ],
        requires={
            SOFTWARE: [(PYTHON, True), (SQL, False), (TESTING, False)],
            NURSE: [(CARE, True)],
            TESTER: [(TESTING, True), (SQL, True)],
        },
    )
