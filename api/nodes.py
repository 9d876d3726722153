"""The node types of the graph (docs/graph-model.md) with their neighbours as fields.

Scalar fields come from node properties; neighbour lists are connections resolved through the
request's DataLoaders (one round trip per relation and nesting level).
"""

# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.connection import Connection, make_connection, page_window
from api.context import Info
from api.ids import global_id
from api.loaders import PageKey, Props, Row

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
        return cls(
            id=strawberry.ID(global_id("Skill", p["uri"])),
            uri=p["uri"],
            label=str(p.get("label") or ""),
            alt_labels=_list(p.get("altLabels")),
            description=_opt_str(p.get("description")),
            skill_type=_opt_str(p.get("skillType")),
            reuse_level=_opt_str(p.get("reuseLevel")),
            collections=_list(p.get("collections")),
        )

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
        return cls(
            id=strawberry.ID(global_id("SkillGroup", p["uri"])),
            uri=p["uri"],
            code=_opt_str(p.get("code")),
            label=str(p.get("label") or ""),
            description=_opt_str(p.get("description")),
        )

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
        return cls(
            id=strawberry.ID(global_id("Occupation", p["uri"])),
            uri=p["uri"],
            label=str(p.get("label") or ""),
            alt_labels=_list(p.get("altLabels")),
            description=_opt_str(p.get("description")),
            isco_code=_opt_str(p.get("iscoCode")),
            code=_opt_str(p.get("code")),
        )

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
        return cls(
            onet_occupation=OnetOccupation.from_props(row.node),
            source=_opt_str(row.rel.get("source")),
            confidence=_opt_float(row.rel.get("confidence")),
            similarity=_opt_float(row.rel.get("similarity")),
        )


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
        return cls(
            id=strawberry.ID(global_id("OnetOccupation", p["code"])),
            code=p["code"],
            title=str(p.get("title") or ""),
            description=_opt_str(p.get("description")),
            job_zone=_opt_int(p.get("jobZone")),
            soc_code=_opt_str(p.get("socCode")),
            alternate_titles=_list(p.get("alternateTitles")),
        )

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
        return cls(
            id=strawberry.ID(global_id("OnetDescriptor", p["id"])),
            descriptor_id=p["id"],
            name=str(p.get("name") or ""),
            domain=_opt_str(p.get("domain")),
            description=_opt_str(p.get("description")),
        )


@strawberry.type(description="How an O*NET occupation rates a descriptor.")
class OnetRating:
    descriptor: OnetDescriptor = strawberry.field(description="The rated descriptor.")
    importance: float | None = strawberry.field(description="Importance (IM, 1-5).")
    level: float | None = strawberry.field(description="Level (LV, 0-7).")
    not_relevant: bool | None = strawberry.field(description="O*NET marks it not relevant.")

    @classmethod
    def from_row(cls, row: Row) -> OnetRating:
        return cls(
            descriptor=OnetDescriptor.from_props(row.node),
            importance=_opt_float(row.rel.get("importance")),
            level=_opt_float(row.rel.get("level")),
            not_relevant=row.rel.get("notRelevant"),
        )


@strawberry.type(description="A technology (software example) from O*NET Technology Skills.")
class Technology(Node):
    name: str = strawberry.field(description="The example's name, e.g. `Microsoft Excel` (key).")
    commodity_code: str | None = strawberry.field(description="UNSPSC commodity code.")
    commodity_title: str | None = strawberry.field(description="UNSPSC commodity title.")
    hot: bool | None = strawberry.field(description="A hot technology for some occupation.")

    @classmethod
    def from_props(cls, p: Props) -> Technology:
        return cls(
            id=strawberry.ID(global_id("Technology", p["name"])),
            name=p["name"],
            commodity_code=_opt_str(p.get("commodityCode")),
            commodity_title=_opt_str(p.get("commodityTitle")),
            hot=p.get("hot"),
        )

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
        return cls(
            technology=Technology.from_props(row.node),
            hot=row.rel.get("hot"),
            in_demand=row.rel.get("inDemand"),
        )


@strawberry.type(description="An O*NET related occupation with its tier.")
class RelatedOnetOccupation:
    occupation: OnetOccupation = strawberry.field(description="The related occupation.")
    tier: str | None = strawberry.field(description="Relatedness tier, e.g. `Primary-Short`.")
    index: int | None = strawberry.field(description="O*NET's rank (1-20).")

    @classmethod
    def from_row(cls, row: Row) -> RelatedOnetOccupation:
        return cls(
            occupation=OnetOccupation.from_props(row.node),
            tier=_opt_str(row.rel.get("tier")),
            index=_opt_int(row.rel.get("index")),
        )


@strawberry.type(description="A CIP 2020 instructional program.")
class Program(Node):
    cip_code: str = strawberry.field(description="Six-digit CIP 2020 code, e.g. `11.0701`.")
    title: str = strawberry.field(description="Program title.")
    definition: str | None = strawberry.field(description="CIP definition.")
    family: str | None = strawberry.field(description="Two-digit CIP family.")

    @classmethod
    def from_props(cls, p: Props) -> Program:
        return cls(
            id=strawberry.ID(global_id("Program", p["cipCode"])),
            cip_code=p["cipCode"],
            title=str(p.get("title") or ""),
            definition=_opt_str(p.get("definition")),
            family=_opt_str(p.get("family")),
        )

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
        return cls(
            id=strawberry.ID(global_id("JobAd", p["id"])),
            ad_id=p["id"],
            title=_opt_str(p.get("title")),
            text=_opt_str(p.get("text")),
            posted_at=_opt_str(p.get("postedAt")),
            employer=_opt_str(p.get("employer")),
            location=_opt_str(p.get("location")),
            source=_opt_str(p.get("source")),
            url=_opt_str(p.get("url")),
        )

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
