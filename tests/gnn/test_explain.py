"""The comparison behind transition explanations, on rows as the explanation queries return
them (no database)."""

from __future__ import annotations

from gnn.explain import ESCO_SKILLS, compare

SOURCE = "http://data.europa.eu/esco/occupation/source"
TARGET = "http://data.europa.eu/esco/occupation/target"


def _skill(uri: str, label: str, *, essential: bool) -> dict[str, object]:
    return {"id": uri, "label": label, "essential": essential}


def test_esco_skills_are_shared_when_the_source_requires_them_at_all_and_missing_otherwise(
) -> None:
    source = {"label": "source", "skills": [
        _skill("s:python", "Python", essential=True),
        _skill("s:sql", "SQL", essential=False),
        _skill("s:only-source", "only the source", essential=True),
    ]}
    target = {"label": "target", "skills": [
        _skill("s:sql", "SQL", essential=True),  # optional for the source: still shared
        _skill("s:python", "Python", essential=False),
        _skill("s:cloud", "cloud", essential=False),
        _skill("s:agile", "agile", essential=False),
        _skill("s:agile", "agile", essential=True),  # listed twice: essential wins
        _skill("s:testing", "testing", essential=True),
    ]}
    explanation = compare(SOURCE, TARGET, source, target)
    assert explanation.basis == ESCO_SKILLS
    assert (explanation.source_label, explanation.target_label) == ("source", "target")
    assert [(s.id, s.essential) for s in explanation.shared] == [
        ("s:sql", True), ("s:python", False)]  # essential first, then by label
    assert [(s.id, s.essential) for s in explanation.missing] == [
        ("s:agile", True), ("s:testing", True), ("s:cloud", False)]
    assert [s.label for s in explanation.missing] == ["agile", "testing", "cloud"]
