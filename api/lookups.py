"""Top-level lookups by key, returning the node or a typed failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

import strawberry

from api.context import Info
from api.loaders import Props
from api.nodes import JobAd, Occupation, OnetOccupation, Program, Skill
from api.prefetch import load_with_pages
from api.results import InvalidInput, NotFound
from api.validation import check_cip_code, check_esco_uri, check_onet_code, check_plain_key

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


@dataclass(frozen=True)
class LookupField:
    """A top-level lookup: the node type it returns, the argument holding the key and the
    check of that key (an ``InvalidInput`` result for a malformed one)."""

    type_name: str
    argument: str
    check: Callable[[str], InvalidInput | None]


#: Query field -> the lookup it is (read by the resolvers and by the compiled plans).
LOOKUP_FIELDS: dict[str, LookupField] = {
    "skill": LookupField("Skill", "uri", lambda v: check_esco_uri(v, "uri", "skill")),
    "occupation": LookupField(
        "Occupation", "uri", lambda v: check_esco_uri(v, "uri", "occupation")
    ),
    "onetOccupation": LookupField("OnetOccupation", "code", lambda v: check_onet_code(v, "code")),
    "program": LookupField("Program", "cipCode", lambda v: check_cip_code(v, "cipCode")),
    "jobAd": LookupField("JobAd", "id", lambda v: check_plain_key(v, "id")),
}


async def lookup(
    info: Info, field: str, key: str, convert: Callable[[Props], T]
) -> T | NotFound | InvalidInput:
    """The node asked for by the lookup ``field`` (``LOOKUP_FIELDS``) with ``key``, or why
    there is none.

    The neighbour lists selected right under the node come in the same query (see
    :mod:`api.prefetch`)."""
    spec = LOOKUP_FIELDS[field]
    if (invalid := spec.check(key)) is not None:
        return invalid
    props = await load_with_pages(info, spec.type_name, key)
    if props is None:
        return NotFound(message=f"no {spec.type_name} with key {key!r}", key=key)
    return convert(props)
