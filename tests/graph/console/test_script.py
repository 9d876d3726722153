"""Scripts: splitting on semicolons outside strings and comments; header defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.console.errors import ConsoleUsageError
from graph.console.script import parse_script, read_script
from graph.errors import InputError


def test_semicolons_inside_strings_comments_and_backticks_do_not_split() -> None:
    text = """
    // a comment; with a semicolon and a 'quote
    RETURN 'a;b' AS s, "c;d" AS t, `e;f` AS u;  /* block; comment */
    MATCH (n) WHERE n.x = 'it\\'s; fine' RETURN n;
    RETURN 1 // trailing; comment
    """
    statements = parse_script(text).statements
    assert statements == [
        "RETURN 'a;b' AS s, \"c;d\" AS t, `e;f` AS u",
        "MATCH (n) WHERE n.x = 'it\\'s; fine' RETURN n",
        "RETURN 1",
    ]


def test_a_script_of_only_comments_has_no_statements() -> None:
    assert parse_script("// nothing here;\n/* nor ; here */\n;;\n").statements == []


def test_header_param_lines_give_json_defaults() -> None:
    script = parse_script(
        '// Which?\n// @param name = "x"\n// @param limit = 5\nRETURN $name, $limit;'
    )
    assert script.defaults == {"name": "x", "limit": 5}


def test_a_default_that_is_not_json_is_rejected_with_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "q.cypher"
    path.write_text("// Which?\n\n// @param name = software developer\nRETURN $name;\n")
    with pytest.raises(InputError) as caught:
        read_script(path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row) == (str(path), 3)
    assert "must be a JSON value" in problem.message


def test_param_lines_after_the_header_are_not_defaults() -> None:
    script = parse_script("RETURN 1;\n// @param late = 1\n")
    assert script.defaults == {}


def test_a_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(ConsoleUsageError, match="cannot read the Cypher file"):
        read_script(tmp_path / "absent.cypher")
