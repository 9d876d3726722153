"""Look-ahead for top-level lookups: the neighbour lists selected directly under the node are
read in the same Cypher query as the node, and primed into the request's page DataLoader, so
``occupation(uri) { essentialSkills { ... } }`` costs one round trip instead of two.

A selected list missing from :data:`CONNECTIONS`, or with arguments the resolver will reject,
is simply not prefetched: its resolver then loads it as usual (the page key names the
relation, so a prefetch can never answer for another list).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from api.connection import page_window
from api.context import Info
from api.errors import InvalidArgumentError
from api.loaders import NodeKey, PageKey, Props

#: (node type, GraphQL field) -> (relation in ``api.queries.RELATIONS``, fixed ``essential``):
#: every neighbour list of the node types (the compiled plans of ``api.plans`` read them too).
CONNECTIONS: dict[tuple[str, str], tuple[str, bool | None]] = {
    ("Skill", "broader"): ("skill_broader", None),
    ("Skill", "narrower"): ("skill_narrower", None),
    ("Skill", "groups"): ("skill_groups", None),
    ("Skill", "related"): ("skill_related", None),
    ("Skill", "occupations"): ("skill_occupations", None),
    ("Skill", "jobAds"): ("skill_job_ads", None),
    ("SkillGroup", "broader"): ("group_broader", None),
    ("SkillGroup", "narrowerGroups"): ("group_narrower_groups", None),
    ("SkillGroup", "skills"): ("group_skills", None),
    ("Occupation", "essentialSkills"): ("occupation_skills", True),
    ("Occupation", "optionalSkills"): ("occupation_skills", False),
    ("Occupation", "broader"): ("occupation_broader", None),
    ("Occupation", "narrower"): ("occupation_narrower", None),
    ("Occupation", "onetMappings"): ("occupation_onet", None),
    ("Occupation", "jobAds"): ("occupation_job_ads", None),
    ("OnetOccupation", "ratings"): ("onet_ratings", None),
    ("OnetOccupation", "technologies"): ("onet_technologies", None),
    ("OnetOccupation", "relatedOccupations"): ("onet_related", None),
    ("OnetOccupation", "escoOccupations"): ("onet_esco", None),
    ("OnetOccupation", "programs"): ("onet_programs", None),
    ("Technology", "occupations"): ("technology_occupations", None),
    ("Program", "onetOccupations"): ("program_onet", None),
    ("JobAd", "occupations"): ("job_ad_occupations", None),
    ("JobAd", "skills"): ("job_ad_skills", None),
}


def _fields(selections: Sequence[Selection], type_name: str) -> Iterator[SelectedField]:
    """Fields selected on ``type_name``, through inline fragments and fragment spreads."""
    for s in selections:
        if isinstance(s, SelectedField):
            yield s
        elif isinstance(s, InlineFragment | FragmentSpread) and s.type_condition in (
            None, type_name
        ):
            yield from _fields(s.selections, type_name)


def _int(value: Any) -> int | None:
    """An Int argument: literals arrive as their source text, variables already coerced."""
    return None if value is None else int(value)


def page_keys(info: Info, type_name: str, key: str) -> list[PageKey]:
    """The page keys the resolvers under the current lookup field will ask for."""
    out: list[PageKey] = []
    for top in info.selected_fields:
        if not isinstance(top, SelectedField):
            continue
        for field in _fields(top.selections, type_name):
            spec = CONNECTIONS.get((type_name, field.name))
            if spec is None:
                continue
            relation, essential = spec
            args: dict[str, Any] = field.arguments
            try:
                offset, limit = page_window(_int(args.get("first")), args.get("after"),
                                            info.context.limits)
            except InvalidArgumentError:
                continue
            if essential is None:
                essential = args.get("essential")
            out.append(PageKey(relation, key, offset, limit, essential=essential,
                               domain=args.get("domain")))
    return list(dict.fromkeys(out))


async def load_with_pages(info: Info, type_name: str, key: str) -> Props | None:
    """The node's properties, with the pages selected under it primed in the DataLoader."""
    loaders = info.context.loaders
    wanted = page_keys(info, type_name, key)
    if not wanted:
        return await loaders.nodes.load(NodeKey(type_name, key))
    props, pages = await loaders.node_with_pages(type_name, key, wanted)
    loaders.nodes.prime(NodeKey(type_name, key), props)
    for page_key, page in zip(wanted, pages, strict=True):
        loaders.pages.prime(page_key, page)
    return props
