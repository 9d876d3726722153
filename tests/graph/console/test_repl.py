"""The interactive console in a pseudo-terminal: a query, completion, history, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pexpect
import pytest

from graph.console.repl import entry_complete, prompt_text

SKILLGRAPH = Path(sys.executable).with_name("skillgraph")
PROMPT = "neo4j>"


def test_enter_submits_only_complete_entries() -> None:
    assert entry_complete("RETURN 1;")
    assert entry_complete("  MATCH (n)\nRETURN n ;  ")
    assert entry_complete(":help")
    assert entry_complete("")
    assert not entry_complete("MATCH (n)")
    assert not entry_complete("RETURN 'a;' +")


def test_the_prompt_says_when_writes_are_allowed() -> None:
    assert prompt_text("neo4j", write=False) == "neo4j> "
    assert "WRITE" in prompt_text("neo4j", write=True)


@pytest.fixture
def console_home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def spawn(home: Path, *args: str) -> pexpect.spawn:
    if not SKILLGRAPH.exists():
        pytest.skip(f"the skillgraph script is not installed next to {sys.executable}")
    env = dict(os.environ, SKILLGRAPH_HOME=str(home), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm")
    child = pexpect.spawn(str(SKILLGRAPH), ["cypher", *args], env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    child.expect(PROMPT)
    return child


@pytest.fixture
def console(tiny_graph: neo4j.Driver, console_home: Path) -> Iterator[pexpect.spawn]:
    child = spawn(console_home, "--timeout", "120")
    yield child
    child.close(force=True)


@pytest.mark.integration
def test_a_multi_line_query_runs_when_its_semicolon_is_typed(console: pexpect.spawn) -> None:
    console.send("MATCH (s:Skill)\r")
    console.expect(r"\.\.\.>")
    console.send("RETURN count(s) * 21 AS answer;\r")
    console.expect("answer")
    console.expect("42")
    console.expect("1 row")
    console.expect(PROMPT)


@pytest.mark.integration
def test_tab_completes_a_label_read_from_the_database(console: pexpect.spawn) -> None:
    console.send("MATCH (o:Occ")
    console.expect("Occ")
    console.send("\t")
    console.expect("upation")
    console.send(") RETURN o.label AS label;\r")
    console.expect("software developer")
    console.expect(PROMPT)


@pytest.mark.integration
def test_history_is_kept_across_sessions(
    console: pexpect.spawn, console_home: Path
) -> None:
    console.send("RETURN 'remembered' AS word;\r")
    console.expect("1 row")
    console.expect(PROMPT)
    console.sendeof()
    console.expect(pexpect.EOF)
    assert "RETURN 'remembered' AS word;" in (console_home / "cypher_history").read_text()
    again = spawn(console_home)
    try:
        again.send("\x1b[A")
        again.expect("remembered")
        again.send("\r")
        again.expect("1 row")
        again.expect(PROMPT)
    finally:
        again.close(force=True)


RUNNING_CONSOLE_STATEMENTS = (
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery, metaData "
    "WHERE metaData.skillgraphConsole IS NOT NULL AND currentQuery CONTAINS $marker "
    "RETURN transactionId"
)


def _console_transactions(driver: neo4j.Driver, marker: str, *, present: bool) -> list[str]:
    """The server's transactions running ``marker`` for the console, once they are
    ``present`` (or gone), waiting up to 10 s for that."""
    deadline = time.monotonic() + 10
    while True:
        ids = [r["transactionId"] for r in driver.execute_query(
            RUNNING_CONSOLE_STATEMENTS, marker=marker).records]
        if bool(ids) == present or time.monotonic() > deadline:
            return ids
        time.sleep(0.1)


@pytest.mark.integration
def test_ctrl_c_cancels_a_running_statement_on_the_server_and_the_console_goes_on(
    console: pexpect.spawn, tiny_graph: neo4j.Driver,
) -> None:
    marker = "range(1, 2000000001)"
    console.send(f"UNWIND {marker} AS x WITH x WHERE x < 0 RETURN count(*) AS c;\r")
    console.expect("Ctrl-C cancels")  # the status shown while the statement runs
    assert _console_transactions(tiny_graph, marker, present=True)  # it runs on the server
    console.sendintr()
    console.expect("statement cancelled")
    assert _console_transactions(tiny_graph, marker, present=False) == []
    console.expect(PROMPT)
    console.send("RETURN 'still here' AS status;\r")
    console.expect("still here")


@pytest.mark.integration
def test_a_refused_write_prints_the_message_and_ctrl_d_exits_cleanly(
    console: pexpect.spawn,
) -> None:
    console.send("CREATE (:Skill {uri: 'urn:x'});\r")
    console.expect("Writing in read access mode not allowed")
    console.expect(PROMPT)
    console.sendeof()
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 0
    assert "Traceback" not in (console.before or "")
