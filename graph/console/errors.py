"""Errors of the console (subclasses of the one root ``SkillgraphError``)."""

from __future__ import annotations

from graph.errors import SkillgraphError


class ConsoleUsageError(SkillgraphError):
    """A console command, parameter or option was written in a form the console cannot read."""
