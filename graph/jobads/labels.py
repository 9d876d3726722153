"""ESCO label sets for retrieval: occupations and skills with every name they go by.

An :class:`EscoCatalog` is read either from Neo4j (:func:`catalog_from_graph`, the normal
path, which also brings the O*NET alternate and reported titles of the O*NET occupations an
ESCO occupation ``MAPS_TO``) or straight from the ESCO CSV export (:func:`catalog_from_csv`,
for evaluation without a database).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from graph.db import database_errors
from graph.errors import NotFoundError
from graph.jobads import queries
from graph.loaders.readers import read_delimited, split_labels
from graph.loaders.sources import DataSource

FORM_LABEL = "label"
FORM_ALT = "alt"
FORM_HIDDEN = "hidden"
FORM_RELATED = "related"


@dataclass(frozen=True)
class Concept:
    """One ESCO concept (occupation or skill) and the names it is known by."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    description: str = ""
    related_titles: tuple[str, ...] = ()
    """O*NET titles of mapped occupations (occupations only; weaker evidence than ESCO labels)."""

    def surface_forms(self, *, related: bool = True) -> list[tuple[str, str]]:
        """``(text, kind)`` pairs, the preferred label first, duplicates (case-blind) dropped."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        groups: list[tuple[str, Iterable[str]]] = [
            (FORM_LABEL, [self.label]), (FORM_ALT, self.alt_labels),
            (FORM_HIDDEN, self.hidden_labels),
        ]
        if related:
            groups.append((FORM_RELATED, self.related_titles))
        for kind, texts in groups:
            for text in texts:
                key = text.strip().lower()
                if key and key not in seen:
                    seen.add(key)
                    out.append((text.strip(), kind))
        return out


@dataclass
class EscoCatalog:
    """Occupations, skills and which skills each occupation requires (``essential`` flag)."""

    occupations: list[Concept]
    skills: list[Concept]
    requires: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._skill_index = {c.uri: i for i, c in enumerate(self.skills)}
        self._occupation_index = {c.uri: i for i, c in enumerate(self.occupations)}

    def has_skill(self, uri: str) -> bool:
        return uri in self._skill_index

    def skill(self, uri: str) -> Concept:
        try:
            return self.skills[self._skill_index[uri]]
        except KeyError as e:
            raise NotFoundError(f"no ESCO skill with URI {uri!r} in the label set") from e

    def occupation(self, uri: str) -> Concept:
        try:
            return self.occupations[self._occupation_index[uri]]
        except KeyError as e:
            raise NotFoundError(f"no ESCO occupation with URI {uri!r} in the label set") from e

    def skill_by_label(self) -> dict[str, str]:
        """Lower-cased preferred label to URI (the first concept wins on a clash)."""
        out: dict[str, str] = {}
        for c in self.skills:
            out.setdefault(c.label.lower(), c.uri)
        return out

    def occupation_by_label(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self.occupations:
            out.setdefault(c.label.lower(), c.uri)
        return out


def fingerprint(texts: Sequence[str]) -> str:
    """A content hash of a list of texts (order matters): the key of on-disk caches."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _concept(record: dict[str, object], *, related: bool) -> Concept:
    def strings(key: str) -> tuple[str, ...]:
        value = record.get(key) or []
        assert isinstance(value, list)
        return tuple(str(v) for v in value if v)

    return Concept(
        uri=str(record["uri"]),
        label=str(record["label"] or ""),
        alt_labels=strings("altLabels"),
        hidden_labels=strings("hiddenLabels"),
        description=str(record.get("description") or ""),
        related_titles=strings("relatedTitles") if related else (),
    )


def catalog_from_graph(driver: neo4j.Driver, *, database: str = "neo4j") -> EscoCatalog:
    """Read occupations (with mapped O*NET titles), skills and REQUIRES from Neo4j."""
    # notifications off: MAPS_TO is absent until the crosswalks are loaded, which is fine
    with database_errors("reading ESCO labels"), driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS,
        notifications_min_severity="OFF",
    ) as session:
        occ = list(session.run(queries.OCCUPATION_LABELS))
        skills = list(session.run(queries.SKILL_LABELS))
        req = list(session.run(queries.OCCUPATION_REQUIREMENTS))
    if not occ or not skills:
        raise NotFoundError(
            "expected ESCO occupations and skills in the graph; load them first with "
            "`skillgraph load esco PATH`"
        )
    requires = {
        r["occupation"]: [(uri, bool(e)) for uri, e in zip(r["skills"], r["essential"],
                                                           strict=True)]
        for r in req
    }
    return EscoCatalog(
        occupations=[_concept(dict(r), related=True) for r in occ],
        skills=[_concept(dict(r), related=False) for r in skills],
        requires=requires,
    )


def catalog_from_csv(path: str | Path) -> EscoCatalog:
    """Read the ESCO CSV export (``occupations_en.csv``, ``skills_en.csv``,
    ``occupationSkillRelations.csv``) without a database: the same label sets as the graph
    holds after ``skillgraph load esco``, less the O*NET titles."""
    source = DataSource(path)
    try:
        occupations = _read_concepts(source, "occupations_en.csv")
        skills = _read_concepts(source, "skills_en.csv")
        requires: dict[str, list[tuple[str, bool]]] = {}
        member = source.find("occupationSkillRelations.csv", "occupationSkillRelations_en.csv")
        if member is not None:
            with source.open(member) as f:
                for row in read_delimited(
                    f, source.display(member),
                    required=("occupationUri", "relationType", "skillUri"),
                ):
                    requires.setdefault(row["occupationUri"], []).append(
                        (row["skillUri"], row["relationType"].strip() == "essential")
                    )
    finally:
        source.close()
    return EscoCatalog(occupations=occupations, skills=skills, requires=requires)


def _read_concepts(source: DataSource, name: str) -> list[Concept]:
    member = source.require(name)
    out: list[Concept] = []
    with source.open(member) as f:
        for row in read_delimited(
            f, source.display(member),
            required=("conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "description"),
        ):
            out.append(Concept(
                uri=row["conceptUri"].strip(),
                label=row["preferredLabel"].strip(),
                alt_labels=tuple(split_labels(row["altLabels"])),
                hidden_labels=tuple(split_labels(row["hiddenLabels"])),
                description=row["description"].strip(),
            ))
    out.sort(key=lambda c: c.uri)
    return out
