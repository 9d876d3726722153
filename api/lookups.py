"""Top-level lookups by key, returning the node or a typed failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import strawberry

from api.context import Info
from api.loaders import Props
from api.nodes import JobAd, Occupation, OnetOccupation, Program, Skill
from api.prefetch import load_with_pages
from api.results import InvalidInput, NotFound

T = TypeVar("T")

SkillResult = Annotated[
    Skill | NotFound | InvalidInput,
    strawberry.union("SkillResult", description="The skill, or why there is none."),
]
OccupationResult = Annotated[
    Occupation | NotFound | InvalidInput,
    strawberry.union("OccupationResult", description="The occupation, or why there is none."),
]
OnetOccupationResult = Annotated[
    OnetOccupation | NotFound | InvalidInput,
    strawberry.union(
        "OnetOccupationResult", description="The O*NET occupation, or why there is none."
    ),
]
ProgramResult = Annotated[
    Program | NotFound | InvalidInput,
    strawberry.union("ProgramResult", description="The program, or why there is none."),
]
JobAdResult = Annotated[
    JobAd | NotFound | InvalidInput,
    strawberry.union("JobAdResult", description="The job ad, or why there is none."),
]


async def lookup(
    info: Info,
    type_name: str,
    key: str,
    invalid: InvalidInput | None,
    convert: Callable[[Props], T],
) -> T | NotFound | InvalidInput:
    """The node of ``type_name`` with ``key``; ``invalid`` short-circuits a malformed key.

    The neighbour lists selected right under the node come in the same query (see
    :mod:`api.prefetch`)."""
    if invalid is not None:
        return invalid
    props = await load_with_pages(info, type_name, key)
    if props is None:
        return NotFound(message=f"no {type_name} with key {key!r}", key=key)
    return convert(props)
