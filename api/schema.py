"""The GraphQL schema: the Query root and the protective extensions."""

# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import strawberry
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter

from api import intelligence, jobads
from api.connection import Connection
from api.context import Info
from api.errors import CorrelatedMaskErrors
from api.ids import parse_global_id
from api.limits import ApiLimits
from api.loaders import NodeKey
from api.lookups import (
    JobAdResult,
    OccupationResult,
    OnetOccupationResult,
    ProgramResult,
    SkillResult,
    lookup,
)
from api.nodes import NODE_FACTORIES, JobAd, Node, Occupation, OnetOccupation, Program, Skill
from api.plans import PlannedSchema
from api.results import InvalidInput
from api.search import SearchHit, SearchResult, SearchType, search_service
from api.stats import Stats, graph_stats

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")


@strawberry.type(description="Read access to the skills graph and the learned model.")
class Query:
    @strawberry.field(description="An ESCO skill by URI.")
    async def skill(
        self, info: Info, uri: Annotated[str, strawberry.argument(description="ESCO URI.")]
    ) -> SkillResult:
        return await lookup(info, "skill", uri, Skill.from_props)

    @strawberry.field(description="An ESCO occupation by URI.")
    async def occupation(
        self, info: Info, uri: Annotated[str, strawberry.argument(description="ESCO URI.")]
    ) -> OccupationResult:
        return await lookup(info, "occupation", uri, Occupation.from_props)

    @strawberry.field(description="An O*NET occupation by O*NET-SOC code (`15-1252.00`).")
    async def onet_occupation(
        self, info: Info, code: Annotated[str, strawberry.argument(description="O*NET-SOC.")]
    ) -> OnetOccupationResult:
        return await lookup(info, "onetOccupation", code, OnetOccupation.from_props)

    @strawberry.field(description="A CIP 2020 program by six-digit code (`11.0701`).")
    async def program(
        self, info: Info, cip_code: Annotated[str, strawberry.argument(description="CIP code.")]
    ) -> ProgramResult:
        return await lookup(info, "program", cip_code, Program.from_props)

    @strawberry.field(description="A job ad by its id.")
    async def job_ad(
        self, info: Info, id: Annotated[str, strawberry.argument(description="The ad's id.")]
    ) -> JobAdResult:
        return await lookup(info, "jobAd", id, JobAd.from_props)

    @strawberry.field(description="Any node by its global id (Relay); null when unknown.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        parsed = parse_global_id(id)
        if parsed is None:
            return None
        type_name, key = parsed
        props = await info.context.loaders.nodes.load(NodeKey(type_name, key))
        return None if props is None else NODE_FACTORIES[type_name](props)

    @strawberry.field(
        description="Full-text search over skills, occupations, O*NET occupations and "
        "programs, fused with embedding similarity when a model has been trained."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="Free text (taken literally).")],
        types: Annotated[
            list[SearchType] | None,
            strawberry.argument(description="Kinds of node to search (default: all)."),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> SearchResult:
        return await search_service(info.context, text, types, first, after)

    @strawberry.field(description="Node and relationship counts and the current model.")
    async def stats(self, info: Info) -> Stats:
        return await graph_stats(info)

    related_skills = intelligence.related_skills_field
    career_transitions = intelligence.career_transitions_field
    skill_gap = intelligence.skill_gap_field
    career_paths = intelligence.career_paths_field
    normalize_title = jobads.normalize_title_field
    extract_skills = jobads.extract_skills_field


CACHED_DOCUMENTS = 256
"""Query texts whose parsed document and validation result are kept (LRU, per process)."""


def extensions(limits: ApiLimits, *, production: bool) -> list[Callable[[], SchemaExtension]]:
    """Token, depth and alias limits, (in production) no introspection, error masking, and
    parse and validation caches so a repeated query text is neither parsed nor validated again.

    The validation rules are built once here: the validation cache is keyed by the document
    and the rule classes, so rules made afresh per request would never hit it.
    """
    rules: list[type[ASTValidationRule]] = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    if production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
        CorrelatedMaskErrors,
    ]


class CachedNameConverter(NameConverter):
    """Strawberry's snake_case -> camelCase conversion, memoised: it also runs for every
    argument of every resolver call at execution time, not only when the schema is built."""

    def __init__(self) -> None:
        super().__init__(auto_camel_case=True)
        self._names: dict[str, str] = {}

    def apply_naming_config(self, name: str) -> str:
        converted = self._names.get(name)
        if converted is None:
            converted = self._names[name] = super().apply_naming_config(name)
        return converted


def build_schema(
    limits: ApiLimits | None = None, *, production: bool = False, plans: bool = True
) -> PlannedSchema:
    """The executable schema with its protective extensions; ``plans`` turns on the compiled
    query plans of :mod:`api.plans`."""
    return PlannedSchema(
        plans=plans,
        query=Query,
        mutation=jobads.Mutation,
        types=[SearchHit, Connection[SearchHit], InvalidInput],
        extensions=extensions(limits or ApiLimits(), production=production),
        config=StrawberryConfig(name_converter=CachedNameConverter()),
    )


def schema_sdl() -> str:
    """The schema in SDL, as exported to ``api/schema.graphql``."""
    return build_schema().as_str() + "\n"
