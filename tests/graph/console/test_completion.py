"""Completion from a catalog of the live schema (a fixed catalog here)."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from graph.console.catalog import Catalog
from graph.console.completion import CypherCompleter

CATALOG = Catalog(
    labels=["Occupation", "OnetOccupation", "Skill", "SkillGroup"],
    relationship_types=["REQUIRES", "RELATED_TO", "BROADER"],
    property_keys=["label", "uri", "iscoCode"],
    procedures=["db.index.fulltext.queryNodes", "db.labels"],
    functions=["toLower", "toUpper"],
)


def completer() -> CypherCompleter:
    return CypherCompleter(lambda: CATALOG, lambda: ["occupation", "limit"], [":help", ":schema"])


def names(text: str) -> list[str]:
    doc = Document(text, len(text))
    return [c.text for c in completer().get_completions(doc, CompleteEvent())]


def test_labels_complete_inside_a_node_pattern() -> None:
    assert names("MATCH (n:Sk") == ["Skill", "SkillGroup"]
    assert names("MATCH (n:") == CATALOG.labels


def test_relationship_types_complete_inside_a_relationship_pattern() -> None:
    assert names("MATCH (o)-[r:RE") == ["REQUIRES", "RELATED_TO"]
    assert names("MATCH (o)-[:B") == ["BROADER"]


def test_property_keys_complete_after_a_dot() -> None:
    assert names("MATCH (n) RETURN n.is") == ["iscoCode"]


def test_parameters_complete_after_a_dollar_sign() -> None:
    assert names("MATCH (o {uri: $occ") == ["occupation"]


def test_procedures_complete_after_call() -> None:
    assert names("CALL db.index.") == ["db.index.fulltext.queryNodes"]


def test_commands_complete_at_the_start_of_an_entry() -> None:
    assert names(":sc") == [":schema"]


def test_keywords_and_functions_complete_whatever_the_case() -> None:
    assert names("MATCH (n) RETURN tol") == ["toLower"]
    assert "OPTIONAL MATCH" in names("opt")


def test_a_completion_replaces_the_typed_prefix() -> None:
    doc = Document("MATCH (n:Sk", 11)
    first = next(iter(completer().get_completions(doc, CompleteEvent())))
    assert first.start_position == -2
