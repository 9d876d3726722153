"""The interactive prompt: history, multi-line entries ended by ``;``, Cypher highlighting,
completion from the live schema; Ctrl-C cancels a running statement, Ctrl-D leaves."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer
from pygments.lexers import CypherLexer  # type: ignore[import-untyped]

from graph.console.completion import CypherCompleter
from graph.console.session import ConsoleSession, ExitConsole
from graph.errors import SkillgraphError

HISTORY_FILE = "cypher_history"


def entry_complete(text: str) -> bool:
    """Whether Enter submits ``text``: a ``:command``, an empty entry, or text ending in ``;``."""
    stripped = text.strip()
    return not stripped or stripped.startswith(":") or stripped.endswith(";")


def prompt_text(database: str, write: bool) -> str:
    """The prompt, e.g. ``neo4j> `` or ``neo4j [WRITE]> `` when writes are allowed."""
    return f"{database} [WRITE]> " if write else f"{database}> "


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state is not None and buffer.complete_state.current_completion:
            buffer.apply_completion(buffer.complete_state.current_completion)
            return
        if entry_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    return bindings


def run_repl(session: ConsoleSession, history_path: Path) -> None:
    """Read entries until Ctrl-D or ``:exit``, running each through ``session``."""
    history_path.parent.mkdir(parents=True, exist_ok=True)
    runner = session.runner
    try:
        session.refresh_catalog()
    except SkillgraphError as e:
        session.console.print(f"[yellow]completion unavailable:[/] {e}", highlight=False)
    completer = CypherCompleter(
        lambda: session.catalog, lambda: session.parameters.keys(), session.command_names
    )
    prompt: PromptSession[str] = PromptSession(
        history=FileHistory(str(history_path)),
        lexer=PygmentsLexer(CypherLexer),
        completer=completer,
        multiline=True,
        key_bindings=_key_bindings(),
        prompt_continuation=lambda width, line, wrap: "...> ".rjust(width),
        complete_while_typing=False,
    )
    mode = "read-write" if runner.write else "read-only"
    session.console.print(
        f"Connected to database {runner.database!r} ({mode}). "
        "Statements end with ';'. :help for commands, Ctrl-D to leave.",
        highlight=False,
    )
    while True:
        try:
            entry = prompt.prompt(prompt_text(runner.database, runner.write))
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        try:
            session.execute(entry)
        except KeyboardInterrupt:
            session.console.print("[yellow]statement cancelled[/]")
        except ExitConsole:
            break
