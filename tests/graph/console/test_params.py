"""Parameters from ``--param`` options and ``:param`` commands."""

from __future__ import annotations

import pytest

from graph.console.errors import ConsoleUsageError
from graph.console.params import (
    parse_param_option,
    parse_param_options,
    parse_value,
    split_param_command,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("2.5", 2.5),
        ("true", True),
        ("null", None),
        ('["a", "b"]', ["a", "b"]),
        ('{"k": 1}', {"k": 1}),
        ('"15-1252.00"', "15-1252.00"),
    ],
)
def test_a_value_that_is_valid_json_is_read_as_json(text: str, expected: object) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["software developer", "15-1252.00", "http://x/y", "", "[1,"])
def test_a_value_that_is_not_json_stays_the_string_typed(text: str) -> None:
    assert parse_value(text) == text


def test_an_option_splits_on_the_first_equals_sign_only() -> None:
    assert parse_param_option("q=a=b") == ("q", "a=b")
    assert parse_param_option("limit=10") == ("limit", 10)


@pytest.mark.parametrize("option", ["novalue", "=5", "bad-name=1", "1x=2"])
def test_an_option_without_a_plain_name_and_equals_sign_is_rejected(option: str) -> None:
    with pytest.raises(ConsoleUsageError, match="NAME=VALUE"):
        parse_param_option(option)


def test_a_later_option_overrides_an_earlier_one() -> None:
    assert parse_param_options(["k=1", "j=x", "k=2"]) == {"k": 2, "j": "x"}


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("limit => 10", ("limit", "10")),
        ("names => ['a', 'b'];", ("names", "['a', 'b']")),
        ("day: date('2024-01-01')", ("day", "date('2024-01-01')")),
    ],
)
def test_a_param_command_gives_the_name_and_the_expression(
    argument: str, expected: tuple[str, str]
) -> None:
    assert split_param_command(argument) == expected


@pytest.mark.parametrize("argument", ["", "limit", "limit =>", "9x => 1"])
def test_a_param_command_without_name_and_value_is_rejected(argument: str) -> None:
    with pytest.raises(ConsoleUsageError, match=":param name => value"):
        split_param_command(argument)
