"""Fields served by the learned model (embeddings written back to Neo4j, see the end of
docs/graph-model.md): related skills, career transitions, skill gaps and multi-step paths.

Transition scores use the directed ``transitionSource``/``transitionTarget`` vectors when the
``occupation_transition_target`` index exists, and cosine similarity of ``embedding`` otherwise.
A missing skill's ``importance`` is 1.0 for an essential requirement and 0.5 for an optional one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Any

import strawberry

from api import queries
from api.context import Info
from api.errors import InvalidArgumentError
from api.loaders import NodeKey, Props
from api.nodes import Occupation, Program, Skill
from api.results import InvalidInput, ModelUnavailable, NotFound
from api.validation import check_esco_uri

TRANSITION_INDEX = "occupation_transition_target"
ESSENTIAL_IMPORTANCE = 1.0
OPTIONAL_IMPORTANCE = 0.5
PROGRAMS_PER_GAP = 5
PATH_BRANCHING = 5
MAX_RESULTS = 50

NO_MODEL = "no embeddings for this node yet; train the model with `skillgraph train`"


@strawberry.type(description="A skill with a similarity score.")
class ScoredSkill:
    skill: Skill = strawberry.field(description="The skill.")
    score: float = strawberry.field(description="Cosine similarity of the learned vectors.")


@strawberry.type(description="Skills most related to one skill according to the model.")
class RelatedSkills:
    skill: Skill = strawberry.field(description="The skill asked about.")
    related: list[ScoredSkill] = strawberry.field(description="Most related first.")


@strawberry.type(description="A skill the target occupation requires and the source lacks.")
class MissingSkill:
    skill: Skill = strawberry.field(description="The skill.")
    essential: bool = strawberry.field(description="Essential (not optional) for the target.")
    importance: float = strawberry.field(description="1.0 when essential, 0.5 when optional.")


@strawberry.type(description="A program that teaches some of the missing skills.")
class ProgramSuggestion:
    program: Program = strawberry.field(description="The CIP program.")
    covers: int = strawberry.field(
        description="How many missing skills occupations it prepares for require."
    )


@strawberry.type(description="What separates one occupation from another.")
class SkillGap:
    source: Occupation = strawberry.field(description="Where the move starts.")
    target: Occupation = strawberry.field(description="Where the move ends.")
    score: float | None = strawberry.field(
        description="Model transition score (null without embeddings)."
    )
    shared_skills: list[Skill] = strawberry.field(description="Skills both require.")
    missing_skills: list[MissingSkill] = strawberry.field(
        description="Skills the target requires and the source does not, essential first."
    )
    coverage: float = strawberry.field(
        description="Share of the target's required skills the source already has (0-1)."
    )
    programs: list[ProgramSuggestion] = strawberry.field(
        description="Programs that teach the missing skills, most covering first."
    )


@strawberry.type(description="A likely next occupation with the gap to close.")
class CareerTransition:
    occupation: Occupation = strawberry.field(description="The target occupation.")
    score: float = strawberry.field(description="Model transition score (higher is likelier).")
    shared_skills: list[Skill] = strawberry.field(description="Skills both require.")
    missing_skills: list[MissingSkill] = strawberry.field(
        description="Skills to acquire, essential first."
    )
    programs: list[ProgramSuggestion] = strawberry.field(
        description="Programs teaching the missing skills."
    )


@strawberry.type(description="The best next occupations from one occupation.")
class CareerTransitions:
    source: Occupation = strawberry.field(description="The occupation asked about.")
    transitions: list[CareerTransition] = strawberry.field(description="Best first.")


@strawberry.type(description="One move of a career path.")
class CareerStep:
    source: Occupation = strawberry.field(description="Occupation before the move.")
    target: Occupation = strawberry.field(description="Occupation after the move.")
    score: float | None = strawberry.field(description="Model transition score of the move.")
    gap: int = strawberry.field(description="Essential skills of the target the source lacks.")


@strawberry.type(description="A multi-step route between two occupations.")
class CareerPath:
    steps: list[CareerStep] = strawberry.field(description="The moves, in order.")
    cumulative_gap: int = strawberry.field(description="Sum of the steps' gaps.")
    score: float = strawberry.field(description="Mean transition score of the steps.")


@strawberry.type(description="The best routes between two occupations.")
class CareerPaths:
    source: Occupation = strawberry.field(description="Start.")
    target: Occupation = strawberry.field(description="Goal.")
    paths: list[CareerPath] = strawberry.field(
        description="Smallest cumulative gap first, then fewest steps, then best score."
    )


RelatedSkillsResult = Annotated[
    RelatedSkills | NotFound | InvalidInput | ModelUnavailable,
    strawberry.union("RelatedSkillsResult", description="Related skills, or why none."),
]
CareerTransitionsResult = Annotated[
    CareerTransitions | NotFound | InvalidInput | ModelUnavailable,
    strawberry.union("CareerTransitionsResult", description="Transitions, or why none."),
]
SkillGapResult = Annotated[
    SkillGap | NotFound | InvalidInput,
    strawberry.union("SkillGapResult", description="The gap, or why none."),
]
CareerPathsResult = Annotated[
    CareerPaths | NotFound | InvalidInput | ModelUnavailable,
    strawberry.union("CareerPathsResult", description="Routes, or why none."),
]


def _check_count(value: int, argument: str, maximum: int) -> None:
    if value < 1 or value > maximum:
        raise InvalidArgumentError(argument, f"expected 1 to {maximum}, got {value}")


async def _occupations(info: Info, *uris: str) -> list[Props | None]:
    keys = [NodeKey("Occupation", u) for u in uris]
    return list(await info.context.loaders.nodes.load_many(keys))


@dataclass
class _Gap:
    shared: list[Skill]
    missing: list[MissingSkill]
    required: int


async def _gaps(info: Info, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], _Gap]:
    records = await info.context.reader.read(
        queries.SKILL_GAPS, pairs=[{"from": a, "to": b} for a, b in pairs]
    )
    out: dict[tuple[str, str], _Gap] = {}
    for r in records:
        missing = [
            MissingSkill(
                skill=Skill.from_props(_clean(m["props"])),
                essential=bool(m["essential"]),
                importance=ESSENTIAL_IMPORTANCE if m["essential"] else OPTIONAL_IMPORTANCE,
            )
            for m in r["missing"]
        ]
        shared = [Skill.from_props(_clean(s)) for s in r["shared"]]
        out[(r["from"], r["to"])] = _Gap(shared, missing, int(r["required"]))
    return out


async def _programs(info: Info, skill_sets: list[list[str]]) -> list[list[ProgramSuggestion]]:
    if not any(skill_sets):
        return [[] for _ in skill_sets]
    records = await info.context.reader.read(
        queries.PROGRAMS_FOR_SKILLS,
        requests=[{"i": i, "skills": s} for i, s in enumerate(skill_sets)],
        limit=PROGRAMS_PER_GAP,
    )
    out: list[list[ProgramSuggestion]] = [[] for _ in skill_sets]
    for r in records:
        out[r["i"]] = [
            ProgramSuggestion(program=Program.from_props(_clean(p["props"])),
                              covers=int(p["covers"]))
            for p in r["programs"]
        ]
    return out


def _clean(props: Any) -> Props:
    return {k: v for k, v in dict(props).items() if k not in queries.HIDDEN_PROPERTIES}


async def _directed(info: Info) -> bool:
    return TRANSITION_INDEX in await info.context.vector_indexes()


async def _neighbours(
    info: Info, uris: list[str], k: int
) -> dict[str, tuple[bool, list[tuple[Props, float]]]]:
    records = await info.context.reader.read(
        queries.OCCUPATION_NEIGHBOURS, uris=uris, k=k + 1, directed=await _directed(info)
    )
    return {
        r["uri"]: (
            bool(r["embedded"]),
            [(_clean(h["props"]), float(h["score"])) for h in r["hits"]][:k],
        )
        for r in records
    }


async def related_skills(
    info: Info,
    uri: Annotated[str, strawberry.argument(description="ESCO skill URI.")],
    first: Annotated[int, strawberry.argument(description="How many (1-50).")] = 10,
) -> RelatedSkillsResult:
    """Skills nearest to ``uri`` in the learned embedding space."""
    if (invalid := check_esco_uri(uri, "uri", "skill")) is not None:
        return invalid
    _check_count(first, "first", MAX_RESULTS)
    records = await info.context.reader.read(queries.RELATED_SKILLS, uri=uri, k=first + 1)
    if not records:
        return NotFound(message=f"no Skill with key {uri!r}", key=uri)
    if not records[0]["embedded"]:
        return ModelUnavailable(message=NO_MODEL)
    skill = await info.context.loaders.nodes.load(NodeKey("Skill", uri))
    assert skill is not None
    return RelatedSkills(
        skill=Skill.from_props(skill),
        related=[
            ScoredSkill(skill=Skill.from_props(_clean(h["props"])), score=float(h["score"]))
            for h in records[0]["hits"]
        ][:first],
    )


async def career_transitions(
    info: Info,
    from_: Annotated[
        str, strawberry.argument(name="from", description="ESCO occupation URI.")
    ],
    first: Annotated[int, strawberry.argument(description="How many (1-50).")] = 5,
) -> CareerTransitionsResult:
    """The likeliest next occupations, each with shared and missing skills and programs."""
    if (invalid := check_esco_uri(from_, "from", "occupation")) is not None:
        return invalid
    _check_count(first, "first", MAX_RESULTS)
    found = await _neighbours(info, [from_], first)
    if from_ not in found:
        return NotFound(message=f"no Occupation with key {from_!r}", key=from_)
    embedded, hits = found[from_]
    if not embedded:
        return ModelUnavailable(message=NO_MODEL)
    (source,) = await _occupations(info, from_)
    assert source is not None
    gaps = await _gaps(info, [(from_, p["uri"]) for p, _ in hits])
    empty = _Gap([], [], 0)
    missing_sets = [[m.skill.uri for m in gaps.get((from_, p["uri"]), empty).missing]
                    for p, _ in hits]
    programs = await _programs(info, missing_sets)
    return CareerTransitions(
        source=Occupation.from_props(source),
        transitions=[
            CareerTransition(
                occupation=Occupation.from_props(p),
                score=score,
                shared_skills=gaps.get((from_, p["uri"]), empty).shared,
                missing_skills=gaps.get((from_, p["uri"]), empty).missing,
                programs=progs,
            )
            for (p, score), progs in zip(hits, programs, strict=True)
        ],
    )


async def skill_gap(
    info: Info,
    from_: Annotated[
        str, strawberry.argument(name="from", description="ESCO occupation URI (source).")
    ],
    to: Annotated[str, strawberry.argument(description="ESCO occupation URI (target).")],
) -> SkillGapResult:
    """Shared and missing skills between two occupations, with programs for the gap."""
    for value, arg in ((from_, "from"), (to, "to")):
        if (invalid := check_esco_uri(value, arg, "occupation")) is not None:
            return invalid
    source, target = await _occupations(info, from_, to)
    for node, key in ((source, from_), (target, to)):
        if node is None:
            return NotFound(message=f"no Occupation with key {key!r}", key=key)
    assert source is not None and target is not None
    gap = (await _gaps(info, [(from_, to)]))[(from_, to)]
    score_rows = await info.context.reader.read(
        queries.PAIR_SCORES, pairs=[{"from": from_, "to": to}], directed=await _directed(info)
    )
    score = score_rows[0]["score"] if score_rows else None
    (programs,) = await _programs(info, [[m.skill.uri for m in gap.missing]])
    return SkillGap(
        source=Occupation.from_props(source),
        target=Occupation.from_props(target),
        score=None if score is None else float(score),
        shared_skills=gap.shared,
        missing_skills=gap.missing,
        coverage=len(gap.shared) / gap.required if gap.required else 1.0,
        programs=programs,
    )


async def career_paths(
    info: Info,
    from_: Annotated[
        str, strawberry.argument(name="from", description="ESCO occupation URI (start).")
    ],
    to: Annotated[str, strawberry.argument(description="ESCO occupation URI (goal).")],
    max_steps: Annotated[int, strawberry.argument(description="Most moves per route.")] = 3,
    first: Annotated[int, strawberry.argument(description="How many routes (1-10).")] = 3,
) -> CareerPathsResult:
    """Best routes of at most ``maxSteps`` moves along the model's likeliest transitions.

    Each intermediate move goes to one of an occupation's nearest neighbours; the last move
    goes to the goal. Routes are ranked by cumulative gap (essential skills to acquire).
    """
    for value, arg in ((from_, "from"), (to, "to")):
        if (invalid := check_esco_uri(value, arg, "occupation")) is not None:
            return invalid
    _check_count(max_steps, "maxSteps", info.context.limits.max_path_steps)
    _check_count(first, "first", 10)
    source, target = await _occupations(info, from_, to)
    for node, key in ((source, from_), (target, to)):
        if node is None:
            return NotFound(message=f"no Occupation with key {key!r}", key=key)
    assert source is not None and target is not None
    props: dict[str, Props] = {from_: source, to: target}
    edges: dict[str, dict[str, float]] = {}
    frontier = [from_]
    for depth in range(max_steps - 1):
        found = await _neighbours(info, frontier, PATH_BRANCHING)
        if depth == 0 and not found.get(from_, (False, []))[0]:
            return ModelUnavailable(message=NO_MODEL)
        nxt: list[str] = []
        for uri, (_, hits) in found.items():
            for p, score in hits:
                edges.setdefault(uri, {})[p["uri"]] = score
                if p["uri"] not in props:
                    props[p["uri"]] = p
                    nxt.append(p["uri"])
        frontier = [u for u in nxt if u != to]
    last = [(u, to) for u in props if u != to and to not in edges.get(u, {})]
    scores = await info.context.reader.read(
        queries.PAIR_SCORES, pairs=[{"from": a, "to": b} for a, b in last],
        directed=await _directed(info),
    )
    if max_steps == 1 and all(r["score"] is None for r in scores):
        return ModelUnavailable(message=NO_MODEL)
    for r in scores:
        edges.setdefault(r["from"], {})[r["to"]] = (
            float(r["score"]) if r["score"] is not None else 0.0
        )
    routes = _routes(edges, from_, to, max_steps)
    hops = sorted({(a, b) for route in routes for a, b in pairwise(route)})
    gap_rows = await info.context.reader.read(
        queries.GAP_COUNTS, pairs=[{"from": a, "to": b} for a, b in hops]
    )
    gap = {(r["from"], r["to"]): int(r["gap"]) for r in gap_rows}
    ranked = sorted(
        routes,
        key=lambda route: (
            sum(gap.get(h, 0) for h in pairwise(route)),
            len(route),
            -_mean([edges[a][b] for a, b in pairwise(route)]),
        ),
    )[:first]
    return CareerPaths(
        source=Occupation.from_props(source),
        target=Occupation.from_props(target),
        paths=[_path(route, props, edges, gap) for route in ranked],
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _routes(
    edges: dict[str, dict[str, float]], start: str, goal: str, max_steps: int
) -> list[list[str]]:
    """Every simple route from ``start`` to ``goal`` of at most ``max_steps`` edges."""
    out: list[list[str]] = []

    def walk(route: list[str]) -> None:
        here = route[-1]
        if here == goal:
            out.append(list(route))
            return
        if len(route) > max_steps:
            return
        for nxt in edges.get(here, {}):
            if nxt not in route:
                route.append(nxt)
                walk(route)
                route.pop()

    walk([start])
    return out


def _path(
    route: list[str],
    props: dict[str, Props],
    edges: dict[str, dict[str, float]],
    gap: dict[tuple[str, str], int],
) -> CareerPath:
    steps = [
        CareerStep(
            source=Occupation.from_props(props[a]),
            target=Occupation.from_props(props[b]),
            score=edges[a][b],
            gap=gap.get((a, b), 0),
        )
        for a, b in pairwise(route)
    ]
    return CareerPath(
        steps=steps,
        cumulative_gap=sum(s.gap for s in steps),
        score=_mean([s.score or 0.0 for s in steps]),
    )


related_skills_field: Any = strawberry.field(
    resolver=related_skills, description="Skills most related to a skill (learned model)."
)
career_transitions_field: Any = strawberry.field(
    resolver=career_transitions,
    description="Likeliest next occupations with shared/missing skills and programs.",
)
skill_gap_field: Any = strawberry.field(
    resolver=skill_gap, description="Skills shared and missing between two occupations."
)
career_paths_field: Any = strawberry.field(
    resolver=career_paths,
    description="Best multi-step routes between two occupations with the cumulative gap.",
)
