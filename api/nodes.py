"""The node types of the graph (docs/graph-model.md) with their neighbours as fields.

Scalar fields come from node properties; neighbour lists are connections resolved through the
request's DataLoaders (one round trip per relation and nesting level).
"""

# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import strawberry

from api.connection import Connection, make_connection, page_window
from api.context import Info
from api.ids import global_id
from api.loaders import NODE_KEYS, PageKey, Props, Row

N = TypeVar("N")

First = Annotated[
    int | None,
    strawberry.argument(description="Page size (default 20, at most the server's maximum)."),
]
After = Annotated[
    str | None, strawberry.argument(description="Cursor after which the page starts.")
]


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _label(value: Any) -> str:
    return str(value or "")


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Prop:
    """A scalar field read from one property of a node or relationship: the value is
    ``convert(props.get(key))``. One table of these per type is what ``from_props`` and the
    compiled query plans (:mod:`api.projections`) both read, so they cannot disagree."""

    key: str
    convert: Callable[[Any], Any] = _same


#: Node type -> Python attribute -> the property it is read from (besides ``id``, the global
#: id of the key in ``api.loaders.NODE_KEYS``).
NODE_PROPS: dict[str, dict[str, Prop]] = {
    "Skill": {
        "uri": Prop("uri"), "label": Prop("label", _label), "alt_labels": Prop("altLabels", _list),
        "description": Prop("description", _opt_str), "skill_type": Prop("skillType", _opt_str),
        "reuse_level": Prop("reuseLevel", _opt_str), "collections": Prop("collections", _list),
    },
    "SkillGroup": {
        "uri": Prop("uri"), "code": Prop("code", _opt_str), "label": Prop("label", _label),
        "description": Prop("description", _opt_str),
    },
    "Occupation": {
        "uri": Prop("uri"), "label": Prop("label", _label), "alt_labels": Prop("altLabels", _list),
        "description": Prop("description", _opt_str), "isco_code": Prop("iscoCode", _opt_str),
        "code": Prop("code", _opt_str),
    },
    "OnetOccupation": {
        "code": Prop("code"), "title": Prop("title", _label),
        "description": Prop("description", _opt_str), "job_zone": Prop("jobZone", _opt_int),
        "soc_code": Prop("socCode", _opt_str),
        "alternate_titles": Prop("alternateTitles", _list),
    },
    "OnetDescriptor": {
        "descriptor_id": Prop("id"), "name": Prop("name", _label),
        "domain": Prop("domain", _opt_str), "description": Prop("description", _opt_str),
    },
    "Technology": {
        "name": Prop("name"), "commodity_code": Prop("commodityCode", _opt_str),
        "commodity_title": Prop("commodityTitle", _opt_str), "hot": Prop("hot"),
    },
    "Program": {
        "cip_code": Prop("cipCode"), "title": Prop("title", _label),
        "definition": Prop("definition", _opt_str), "family": Prop("family", _opt_str),
    },
    "JobAd": {
        "ad_id": Prop("id"), "title": Prop("title", _opt_str), "text": Prop("text", _opt_str),
        "posted_at": Prop("postedAt", _opt_str), "employer": Prop("employer", _opt_str),
        "location": Prop("location", _opt_str), "source": Prop("source", _opt_str),
        "url": Prop("url", _opt_str),
    },
}


@dataclass(frozen=True)
class RowProps:
    """A list item made of a neighbour and the relationship leading to it: the attribute
    holding the neighbour (of type ``node_type``) and the fields read from the relationship."""

    node_attr: str
    node_type: str
    rel: dict[str, Prop]


#: Row type -> how it is read from a neighbour row.
ROW_PROPS: dict[str, RowProps] = {
    "CrosswalkMapping": RowProps("onet_occupation", "OnetOccupation", {
        "source": Prop("source", _opt_str), "confidence": Prop("confidence", _opt_float),
        "similarity": Prop("similarity", _opt_float),
    }),
    "OnetRating": RowProps("descriptor", "OnetDescriptor", {
        "importance": Prop("importance", _opt_float), "level": Prop("level", _opt_float),
        "not_relevant": Prop("notRelevant"),
    }),
    "TechnologyUse": RowProps("technology", "Technology", {
        "hot": Prop("hot"), "in_demand": Prop("inDemand"),
    }),
    "RelatedOnetOccupation": RowProps("occupation", "OnetOccupation", {
        "tier": Prop("tier", _opt_str), "index": Prop("index", _opt_int),
    }),
}


def _node(cls: Callable[..., N], type_name: str, p: Props) -> N:
    """An instance of node type ``cls`` from its properties (``NODE_PROPS``)."""
    values = {attr: f.convert(p.get(f.key)) for attr, f in NODE_PROPS[type_name].items()}
    return cls(id=strawberry.ID(global_id(type_name, p[NODE_KEYS[type_name][1]])), **values)


def _row(cls: Callable[..., N], type_name: str, row: Row, node: Any) -> N:
    """An instance of row type ``cls`` around ``node`` (``ROW_PROPS``)."""
    spec = ROW_PROPS[type_name]
    values = {attr: f.convert(row.rel.get(f.key)) for attr, f in spec.rel.items()}
    return cls(**{spec.node_attr: node}, **values)


async def neighbours(
    info: Info,
    relation: str,
    key: str,
    first: int | None,
    after: str | None,
    convert: Callable[[Row], N],
    *,
    essential: bool | None = None,
    domain: str | None = None,
) -> Connection[N]:
    """A page of the neighbour list ``relation`` of the node with key ``key``."""
    offset, limit = page_window(first, after, info.context.limits)
    page = await info.context.loaders.pages.load(
        PageKey(relation, key, offset, limit, essential=essential, domain=domain)
    )
    return make_connection(page.rows, offset, page.total, convert)


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global id, for `node(id)`.")


@strawberry.type(description="An ESCO skill or knowledge concept.")
class Skill(Node):
    uri: str = strawberry.field(description="ESCO concept URI (the key).")
    label: str = strawberry.field(description="Preferred English label.")
    alt_labels: list[str] = strawberry.field(description="Alternative labels.")
    description: str | None = strawberry.field(description="ESCO description.")
    skill_type: str | None = strawberry.field(description="`skill/competence` or `knowledge`.")
    reuse_level: str | None = strawberry.field(
        description="`transversal`, `cross-sector`, `sector-specific` or `occupation-specific`."
    )
    collections: list[str] = strawberry.field(
        description="ESCO collections the skill belongs to (digital, green, ...)."
    )

    @classmethod
    def from_props(cls, p: Props) -> Skill:
        return _node(cls, "Skill", p)

    @classmethod
    def from_row(cls, row: Row) -> Skill:
        return cls.from_props(row.node)

    @strawberry.field(description="Broader skills (ESCO hierarchy).")
    async def broader(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(info, "skill_broader", self.uri, first, after, Skill.from_row)

    @strawberry.field(description="Narrower skills (ESCO hierarchy).")
    async def narrower(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(info, "skill_narrower", self.uri, first, after, Skill.from_row)

    @strawberry.field(description="Skill groups this skill sits directly under.")
    async def groups(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[SkillGroup]:
        return await neighbours(
            info, "skill_groups", self.uri, first, after, SkillGroup.from_row
        )

    @strawberry.field(description="Skills ESCO relates to this one (either direction).")
    async def related(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(info, "skill_related", self.uri, first, after, Skill.from_row)

    @strawberry.field(description="Occupations requiring this skill, essential ones first.")
    async def occupations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        essential: Annotated[
            bool | None,
            strawberry.argument(
                description="Only essential (true) or optional (false) requirements."
            ),
        ] = None,
    ) -> Connection[Occupation]:
        return await neighbours(
            info, "skill_occupations", self.uri, first, after, Occupation.from_row,
            essential=essential,
        )

    @strawberry.field(description="Job ads mentioning this skill.")
    async def job_ads(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[JobAd]:
        return await neighbours(info, "skill_job_ads", self.uri, first, after, JobAd.from_row)


@strawberry.type(description="A group in the ESCO skill hierarchy.")
class SkillGroup(Node):
    uri: str = strawberry.field(description="ESCO concept URI (the key).")
    code: str | None = strawberry.field(description="ESCO skill group code (e.g. `S1.2`).")
    label: str = strawberry.field(description="Preferred English label.")
    description: str | None = strawberry.field(description="ESCO description.")

    @classmethod
    def from_props(cls, p: Props) -> SkillGroup:
        return _node(cls, "SkillGroup", p)

    @classmethod
    def from_row(cls, row: Row) -> SkillGroup:
        return cls.from_props(row.node)

    @strawberry.field(description="Broader skill groups.")
    async def broader(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[SkillGroup]:
        return await neighbours(
            info, "group_broader", self.uri, first, after, SkillGroup.from_row
        )

    @strawberry.field(description="Narrower skill groups.")
    async def narrower_groups(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[SkillGroup]:
        return await neighbours(
            info, "group_narrower_groups", self.uri, first, after, SkillGroup.from_row
        )

    @strawberry.field(description="Skills directly under this group.")
    async def skills(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(info, "group_skills", self.uri, first, after, Skill.from_row)


@strawberry.type(description="An ESCO occupation.")
class Occupation(Node):
    uri: str = strawberry.field(description="ESCO concept URI (the key).")
    label: str = strawberry.field(description="Preferred English label.")
    alt_labels: list[str] = strawberry.field(description="Alternative labels.")
    description: str | None = strawberry.field(description="ESCO description.")
    isco_code: str | None = strawberry.field(description="ISCO-08 unit group (4 digits).")
    code: str | None = strawberry.field(description="ESCO occupation code (e.g. `2654.1`).")

    @classmethod
    def from_props(cls, p: Props) -> Occupation:
        return _node(cls, "Occupation", p)

    @classmethod
    def from_row(cls, row: Row) -> Occupation:
        return cls.from_props(row.node)

    @strawberry.field(description="Skills ESCO marks essential for this occupation.")
    async def essential_skills(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(
            info, "occupation_skills", self.uri, first, after, Skill.from_row, essential=True
        )

    @strawberry.field(description="Skills ESCO marks optional for this occupation.")
    async def optional_skills(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(
            info, "occupation_skills", self.uri, first, after, Skill.from_row, essential=False
        )

    @strawberry.field(description="Broader occupations (ESCO hierarchy).")
    async def broader(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Occupation]:
        return await neighbours(
            info, "occupation_broader", self.uri, first, after, Occupation.from_row
        )

    @strawberry.field(description="Narrower occupations (ESCO hierarchy).")
    async def narrower(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Occupation]:
        return await neighbours(
            info, "occupation_narrower", self.uri, first, after, Occupation.from_row
        )

    @strawberry.field(description="O*NET occupations this occupation maps to (crosswalk).")
    async def onet_mappings(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CrosswalkMapping]:
        return await neighbours(
            info, "occupation_onet", self.uri, first, after, CrosswalkMapping.from_row
        )

    @strawberry.field(description="Job ads normalised to this occupation.")
    async def job_ads(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[JobAd]:
        return await neighbours(
            info, "occupation_job_ads", self.uri, first, after, JobAd.from_row
        )


@strawberry.type(description="An ESCO occupation to O*NET occupation crosswalk mapping.")
class CrosswalkMapping:
    onet_occupation: OnetOccupation = strawberry.field(description="The O*NET occupation.")
    source: str | None = strawberry.field(description="Which crosswalk produced the mapping.")
    confidence: float | None = strawberry.field(description="Crosswalk confidence, if given.")
    similarity: float | None = strawberry.field(description="Crosswalk similarity, if given.")

    @classmethod
    def from_row(cls, row: Row) -> CrosswalkMapping:
        return _row(cls, "CrosswalkMapping", row, OnetOccupation.from_props(row.node))


@strawberry.type(description="An O*NET-SOC 2019 occupation.")
class OnetOccupation(Node):
    code: str = strawberry.field(description="O*NET-SOC code, e.g. `15-1252.00` (the key).")
    title: str = strawberry.field(description="O*NET title.")
    description: str | None = strawberry.field(description="O*NET description.")
    job_zone: int | None = strawberry.field(description="Job zone (1-5, preparation needed).")
    soc_code: str | None = strawberry.field(description="SOC code, e.g. `15-1252`.")
    alternate_titles: list[str] = strawberry.field(description="Alternate titles.")

    @classmethod
    def from_props(cls, p: Props) -> OnetOccupation:
        return _node(cls, "OnetOccupation", p)

    @classmethod
    def from_row(cls, row: Row) -> OnetOccupation:
        return cls.from_props(row.node)

    @strawberry.field(description="O*NET skill and knowledge ratings, most important first.")
    async def ratings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        domain: Annotated[
            str | None,
            strawberry.argument(
                description="Only descriptors of this domain (`Skills`, `Knowledge`)."
            ),
        ] = None,
    ) -> Connection[OnetRating]:
        return await neighbours(
            info, "onet_ratings", self.code, first, after, OnetRating.from_row, domain=domain
        )

    @strawberry.field(description="Technologies used in this occupation, hot ones first.")
    async def technologies(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[TechnologyUse]:
        return await neighbours(
            info, "onet_technologies", self.code, first, after, TechnologyUse.from_row
        )

    @strawberry.field(description="Related O*NET occupations, in O*NET's order.")
    async def related_occupations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[RelatedOnetOccupation]:
        return await neighbours(
            info, "onet_related", self.code, first, after, RelatedOnetOccupation.from_row
        )

    @strawberry.field(description="ESCO occupations mapped to this one by a crosswalk.")
    async def esco_occupations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Occupation]:
        return await neighbours(info, "onet_esco", self.code, first, after, Occupation.from_row)

    @strawberry.field(description="Instructional programs preparing for this occupation.")
    async def programs(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Program]:
        return await neighbours(info, "onet_programs", self.code, first, after, Program.from_row)


@strawberry.type(description="An O*NET skill or knowledge descriptor.")
class OnetDescriptor(Node):
    descriptor_id: str = strawberry.field(description="Content-model element id, e.g. `2.A.1.a`.")
    name: str = strawberry.field(description="Descriptor name.")
    domain: str | None = strawberry.field(description="`Skills` or `Knowledge`.")
    description: str | None = strawberry.field(description="O*NET description.")

    @classmethod
    def from_props(cls, p: Props) -> OnetDescriptor:
        return _node(cls, "OnetDescriptor", p)


@strawberry.type(description="How an O*NET occupation rates a descriptor.")
class OnetRating:
    descriptor: OnetDescriptor = strawberry.field(description="The rated descriptor.")
    importance: float | None = strawberry.field(description="Importance (IM, 1-5).")
    level: float | None = strawberry.field(description="Level (LV, 0-7).")
    not_relevant: bool | None = strawberry.field(description="O*NET marks it not relevant.")

    @classmethod
    def from_row(cls, row: Row) -> OnetRating:
        return _row(cls, "OnetRating", row, OnetDescriptor.from_props(row.node))


@strawberry.type(description="A technology (software example) from O*NET Technology Skills.")
class Technology(Node):
    name: str = strawberry.field(description="The example's name, e.g. `Microsoft Excel` (key).")
    commodity_code: str | None = strawberry.field(description="UNSPSC commodity code.")
    commodity_title: str | None = strawberry.field(description="UNSPSC commodity title.")
    hot: bool | None = strawberry.field(description="A hot technology for some occupation.")

    @classmethod
    def from_props(cls, p: Props) -> Technology:
        return _node(cls, "Technology", p)

    @strawberry.field(description="O*NET occupations using this technology.")
    async def occupations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[OnetOccupation]:
        return await neighbours(
            info, "technology_occupations", self.name, first, after, OnetOccupation.from_row
        )


@strawberry.type(description="A technology as used by one occupation.")
class TechnologyUse:
    technology: Technology = strawberry.field(description="The technology.")
    hot: bool | None = strawberry.field(description="Hot technology for this occupation.")
    in_demand: bool | None = strawberry.field(description="In demand for this occupation.")

    @classmethod
    def from_row(cls, row: Row) -> TechnologyUse:
        return _row(cls, "TechnologyUse", row, Technology.from_props(row.node))


@strawberry.type(description="An O*NET related occupation with its tier.")
class RelatedOnetOccupation:
    occupation: OnetOccupation = strawberry.field(description="The related occupation.")
    tier: str | None = strawberry.field(description="Relatedness tier, e.g. `Primary-Short`.")
    index: int | None = strawberry.field(description="O*NET's rank (1-20).")

    @classmethod
    def from_row(cls, row: Row) -> RelatedOnetOccupation:
        return _row(cls, "RelatedOnetOccupation", row, OnetOccupation.from_props(row.node))


@strawberry.type(description="A CIP 2020 instructional program.")
class Program(Node):
    cip_code: str = strawberry.field(description="Six-digit CIP 2020 code, e.g. `11.0701`.")
    title: str = strawberry.field(description="Program title.")
    definition: str | None = strawberry.field(description="CIP definition.")
    family: str | None = strawberry.field(description="Two-digit CIP family.")

    @classmethod
    def from_props(cls, p: Props) -> Program:
        return _node(cls, "Program", p)

    @classmethod
    def from_row(cls, row: Row) -> Program:
        return cls.from_props(row.node)

    @strawberry.field(description="O*NET occupations this program prepares for.")
    async def onet_occupations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[OnetOccupation]:
        return await neighbours(
            info, "program_onet", self.cip_code, first, after, OnetOccupation.from_row
        )


@strawberry.type(description="A job advertisement.")
class JobAd(Node):
    ad_id: str = strawberry.field(description="The ad's id (the key).")
    title: str | None = strawberry.field(description="Job title as advertised.")
    text: str | None = strawberry.field(description="Full text of the ad.")
    posted_at: str | None = strawberry.field(description="When it was posted (ISO 8601).")
    employer: str | None = strawberry.field(description="Employer, when known.")
    location: str | None = strawberry.field(description="Location, when known.")
    source: str | None = strawberry.field(description="Where the ad comes from.")
    url: str | None = strawberry.field(description="Link to the original ad.")

    @classmethod
    def from_props(cls, p: Props) -> JobAd:
        return _node(cls, "JobAd", p)

    @classmethod
    def from_row(cls, row: Row) -> JobAd:
        return cls.from_props(row.node)

    @strawberry.field(description="ESCO occupations the ad was normalised to, best first.")
    async def occupations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Occupation]:
        return await neighbours(
            info, "job_ad_occupations", self.ad_id, first, after, Occupation.from_row
        )

    @strawberry.field(description="ESCO skills the ad mentions, most confident first.")
    async def skills(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Skill]:
        return await neighbours(info, "job_ad_skills", self.ad_id, first, after, Skill.from_row)


#: Node type name -> constructor from properties.
NODE_FACTORIES: dict[str, Callable[[Props], Node]] = {
    "Skill": Skill.from_props,
    "SkillGroup": SkillGroup.from_props,
    "Occupation": Occupation.from_props,
    "OnetOccupation": OnetOccupation.from_props,
    "OnetDescriptor": OnetDescriptor.from_props,
    "Technology": Technology.from_props,
    "Program": Program.from_props,
    "JobAd": JobAd.from_props,
}
