"""Fields served by the learned model (embeddings written back to Neo4j, see the end of
docs/graph-model.md): related skills, career transitions, skill gaps and multi-step paths.

Occupations are given as ESCO occupation URIs or O*NET-SOC codes (``15-1252.00``). Transition
scores use the directed ``transitionSource``/``transitionTarget`` vectors when the kind's
transition index exists, and cosine similarity of ``embedding`` otherwise. Shared and missing
skills come from :mod:`api.gaps` (ESCO skills for two ESCO occupations, O*NET descriptors
ranked by ``RATES.importance`` as soon as one side is an O*NET occupation).
"""

# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from enum import Enum
from itertools import pairwise
from typing import Annotated, Any

import strawberry

from api import gaps, queries
from api.context import Context, Info
from api.errors import InvalidArgumentError
from api.gaps import ProgramHit, kind_of
from api.loaders import NodeKey, Props
from api.nodes import Occupation, OnetDescriptor, OnetOccupation, Program, Skill
from api.results import InvalidInput, ModelUnavailable, NotFound
from api.validation import check_esco_uri, check_occupation_id
from gnn import explain
from gnn.explain import ESCO_SKILLS, SkillItem, TransitionExplanation

PATH_BRANCHING = 5
MAX_RESULTS = 50

NO_MODEL = "no embeddings for this node yet; train the model with `skillgraph train`"

CareerOccupation = Annotated[
    Occupation | OnetOccupation,
    strawberry.union("CareerOccupation", description="An ESCO or an O*NET occupation."),
]


def career_occupation(props: Props) -> Occupation | OnetOccupation:
    """The GraphQL object of an ESCO (``uri``) or O*NET (``code``) occupation's properties."""
    return Occupation.from_props(props) if "uri" in props else OnetOccupation.from_props(props)


@strawberry.enum(description="What two occupations are compared on.")
class GapBasis(Enum):
    ESCO_SKILLS = "esco-skills"
    ONET_DESCRIPTORS = "onet-descriptors"


@strawberry.type(description="A skill with a similarity score.")
class ScoredSkill:
    skill: Skill = strawberry.field(description="The skill.")
    score: float = strawberry.field(description="Cosine similarity of the learned vectors.")


@strawberry.type(description="Skills most related to one skill according to the model.")
class RelatedSkills:
    skill: Skill = strawberry.field(description="The skill asked about.")
    related: list[ScoredSkill] = strawberry.field(description="Most related first.")


@strawberry.type(
    description="A skill of the target occupation in a comparison: an ESCO skill, or an O*NET "
    "Skills/Knowledge descriptor when one side is an O*NET occupation."
)
class TransitionSkill:
    key: str = strawberry.field(description="ESCO skill URI or O*NET descriptor id.")
    label: str = strawberry.field(description="Skill label or descriptor name.")
    essential: bool | None = strawberry.field(
        description="ESCO: essential (not optional) for the target; null for descriptors."
    )
    importance: float = strawberry.field(
        description="ESCO: 1.0 when essential, 0.5 when optional; O*NET: the target's "
        "RATES importance (1-5)."
    )
    source_importance: float | None = strawberry.field(
        description="O*NET: the source's importance for the descriptor, if it rates it."
    )
    basis: strawberry.Private[str]

    @classmethod
    def of(cls, item: SkillItem, basis: str) -> TransitionSkill:
        return cls(
            key=item.id, label=item.label, essential=item.essential,
            importance=gaps.importance(item), source_importance=item.source_importance,
            basis=basis,
        )

    @strawberry.field(description="The ESCO skill (null for an O*NET descriptor).")
    async def skill(self, info: Info) -> Skill | None:
        if self.basis != ESCO_SKILLS:
            return None
        props = await info.context.loaders.nodes.load(NodeKey("Skill", self.key))
        return None if props is None else Skill.from_props(props)

    @strawberry.field(description="The O*NET descriptor (null for an ESCO skill).")
    async def descriptor(self, info: Info) -> OnetDescriptor | None:
        if self.basis == ESCO_SKILLS:
            return None
        props = await info.context.loaders.nodes.load(NodeKey("OnetDescriptor", self.key))
        return None if props is None else OnetDescriptor.from_props(props)


@strawberry.type(description="A program that teaches some of the missing skills.")
class ProgramSuggestion:
    program: Program = strawberry.field(description="The CIP program.")
    covers: int = strawberry.field(
        description="How many missing skills the occupations it prepares for require."
    )

    @classmethod
    def of(cls, hit: ProgramHit) -> ProgramSuggestion:
        return cls(program=Program.from_props(hit.props), covers=hit.covers)


@strawberry.type(description="What separates one occupation from another.")
class SkillGap:
    source: CareerOccupation = strawberry.field(description="Where the move starts.")
    target: CareerOccupation = strawberry.field(description="Where the move ends.")
    basis: GapBasis = strawberry.field(description="What the occupations are compared on.")
    score: float | None = strawberry.field(
        description="Model transition score (null without embeddings)."
    )
    shared_skills: list[TransitionSkill] = strawberry.field(
        description="Skills of the target the source already has."
    )
    missing_skills: list[TransitionSkill] = strawberry.field(
        description="Skills the target requires and the source lacks, most important first."
    )
    coverage: float = strawberry.field(
        description="Share of the target's required skills the source already has (0-1)."
    )
    programs: list[ProgramSuggestion] = strawberry.field(
        description="Programs that teach the missing skills, most covering first."
    )


@strawberry.type(description="A likely next occupation with the gap to close.")
class CareerTransition:
    occupation: CareerOccupation = strawberry.field(description="The target occupation.")
    score: float = strawberry.field(description="Model transition score (higher is likelier).")
    basis: GapBasis = strawberry.field(description="What the occupations are compared on.")
    shared_skills: list[TransitionSkill] = strawberry.field(
        description="Skills of the target the source already has."
    )
    missing_skills: list[TransitionSkill] = strawberry.field(
        description="Skills to acquire, most important first."
    )
    programs: list[ProgramSuggestion] = strawberry.field(
        description="Programs teaching the missing skills."
    )


@strawberry.type(description="The best next occupations from one occupation.")
class CareerTransitions:
    source: CareerOccupation = strawberry.field(description="The occupation asked about.")
    transitions: list[CareerTransition] = strawberry.field(description="Best first.")


@strawberry.type(description="One move of a career path.")
class CareerStep:
    source: CareerOccupation = strawberry.field(description="Occupation before the move.")
    target: CareerOccupation = strawberry.field(description="Occupation after the move.")
    score: float | None = strawberry.field(description="Model transition score of the move.")
    gap: int = strawberry.field(
        description="Skills of the target the source lacks: essential ESCO skills, or O*NET "
        "descriptors the target rates important."
    )
    basis: GapBasis = strawberry.field(description="What the occupations are compared on.")
    shared_skills: list[TransitionSkill] = strawberry.field(
        description="Skills of the target the source already has."
    )
    missing_skills: list[TransitionSkill] = strawberry.field(
        description="Skills to acquire for this move, most important first (optional ESCO "
        "skills included; `gap` counts the others)."
    )


@strawberry.type(description="A multi-step route between two occupations.")
class CareerPath:
    steps: list[CareerStep] = strawberry.field(description="The moves, in order.")
    cumulative_gap: int = strawberry.field(description="Sum of the steps' gaps.")
    score: float = strawberry.field(description="Mean transition score of the steps.")


@strawberry.type(description="The best routes between two occupations.")
class CareerPaths:
    source: CareerOccupation = strawberry.field(description="Start.")
    target: CareerOccupation = strawberry.field(description="Goal.")
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


def _not_found(key: str) -> NotFound:
    return NotFound(message=f"no {kind_of(key).type_name} with key {key!r}", key=key)


def _basis(explanation: TransitionExplanation) -> GapBasis:
    return GapBasis(explanation.basis)


def _skills(items: list[SkillItem], basis: str) -> list[TransitionSkill]:
    return [TransitionSkill.of(i, basis) for i in items]


async def related_skills_service(
    ctx: Context, uri: str, first: int = 10
) -> RelatedSkillsResult:
    """Skills nearest to ``uri`` in the learned embedding space (one query)."""
    if (invalid := check_esco_uri(uri, "uri", "skill")) is not None:
        return invalid
    _check_count(first, "first", MAX_RESULTS)
    records = await ctx.reader.read(queries.RELATED_SKILLS, uri=uri, k=first + 1)
    if not records:
        return NotFound(message=f"no Skill with key {uri!r}", key=uri)
    if not records[0]["embedded"]:
        return ModelUnavailable(message=NO_MODEL)
    return RelatedSkills(
        skill=Skill.from_props(dict(records[0]["skill"])),
        related=[
            ScoredSkill(skill=Skill.from_props(dict(h["props"])), score=float(h["score"]))
            for h in records[0]["hits"]
        ][:first],
    )


async def related_skills(
    info: Info,
    uri: Annotated[str, strawberry.argument(description="ESCO skill URI.")],
    first: Annotated[int, strawberry.argument(description="How many (1-50).")] = 10,
) -> RelatedSkillsResult:
    """The resolver of the field: :func:`related_skills_service`."""
    return await related_skills_service(info.context, uri, first)


async def career_transitions_service(
    ctx: Context, from_: str, first: int = 5
) -> CareerTransitionsResult:
    """The likeliest next occupations of the same kind, each with shared and missing skills
    and programs."""
    if (invalid := check_occupation_id(from_, "from")) is not None:
        return invalid
    _check_count(first, "first", MAX_RESULTS)
    found = (await gaps.neighbours(ctx, [from_], first)).get(from_)
    if found is None:
        return _not_found(from_)
    if not found.embedded:
        return ModelUnavailable(message=NO_MODEL)
    source, hits = found.props, found.hits
    targets = [p[kind_of(from_).key] for p, _ in hits]
    explained = await gaps.explanations(ctx, [(from_, t) for t in targets])
    ordered = [explained[(from_, t)] for t in targets]
    suggestions = await gaps.programs(ctx, ordered)
    return CareerTransitions(
        source=career_occupation(source),
        transitions=[
            CareerTransition(
                occupation=career_occupation(p),
                score=score,
                basis=_basis(gap),
                shared_skills=_skills(gap.shared, gap.basis),
                missing_skills=_skills(gap.missing, gap.basis),
                programs=[ProgramSuggestion.of(h) for h in progs],
            )
            for (p, score), gap, progs in zip(hits, ordered, suggestions, strict=True)
        ],
    )


async def career_transitions(
    info: Info,
    from_: Annotated[
        str,
        strawberry.argument(
            name="from", description="ESCO occupation URI or O*NET-SOC code (`15-1252.00`)."
        ),
    ],
    first: Annotated[int, strawberry.argument(description="How many (1-50).")] = 5,
) -> CareerTransitionsResult:
    """The resolver of the field: :func:`career_transitions_service`."""
    return await career_transitions_service(info.context, from_, first)


async def skill_gap_service(
    ctx: Context, from_: str, to: str
) -> SkillGapResult:
    """Shared and missing skills between two occupations, with programs for the gap."""
    for value, arg in ((from_, "from"), (to, "to")):
        if (invalid := check_occupation_id(value, arg)) is not None:
            return invalid
    source, target = await gaps.occupations(ctx, from_, to)
    for node, key in ((source, from_), (target, to)):
        if node is None:
            return _not_found(key)
    assert source is not None and target is not None
    gap = (await gaps.explanations(ctx, [(from_, to)]))[(from_, to)]
    score = (await gaps.scores(ctx, [(from_, to)])).get((from_, to))
    (suggestions,) = await gaps.programs(ctx, [gap])
    needed = len(gap.shared) + len(gap.missing)
    return SkillGap(
        source=career_occupation(source),
        target=career_occupation(target),
        basis=_basis(gap),
        score=score,
        shared_skills=_skills(gap.shared, gap.basis),
        missing_skills=_skills(gap.missing, gap.basis),
        coverage=len(gap.shared) / needed if needed else 1.0,
        programs=[ProgramSuggestion.of(h) for h in suggestions],
    )


async def skill_gap(
    info: Info,
    from_: Annotated[
        str,
        strawberry.argument(
            name="from", description="ESCO occupation URI or O*NET-SOC code (source)."
        ),
    ],
    to: Annotated[
        str, strawberry.argument(description="ESCO occupation URI or O*NET-SOC code (target).")
    ],
) -> SkillGapResult:
    """The resolver of the field: :func:`skill_gap_service`."""
    return await skill_gap_service(info.context, from_, to)


async def career_paths_service(
    ctx: Context, from_: str, to: str, max_steps: int = 3, first: int = 3
) -> CareerPathsResult:
    """Best routes of at most ``maxSteps`` moves along the model's likeliest transitions.

    Each intermediate move goes to one of an occupation's nearest neighbours (of the start's
    kind); the last move goes to the goal. Routes are ranked by cumulative gap.
    """
    for value, arg in ((from_, "from"), (to, "to")):
        if (invalid := check_occupation_id(value, arg)) is not None:
            return invalid
    _check_count(max_steps, "maxSteps", ctx.limits.max_path_steps)
    _check_count(first, "first", 10)
    source, target = await gaps.occupations(ctx, from_, to)
    for node, key in ((source, from_), (target, to)):
        if node is None:
            return _not_found(key)
    assert source is not None and target is not None
    key_prop = kind_of(from_).key
    props: dict[str, Props] = {from_: source, to: target}
    edges: dict[str, dict[str, float]] = {}
    frontier = [from_]
    for depth in range(max_steps - 1):
        found = await gaps.neighbours(ctx, frontier, PATH_BRANCHING)
        if depth == 0 and (from_ not in found or not found[from_].embedded):
            return ModelUnavailable(message=NO_MODEL)
        nxt: list[str] = []
        for node_id, near in found.items():
            for p, score in near.hits:
                edges.setdefault(node_id, {})[p[key_prop]] = score
                if p[key_prop] not in props:
                    props[p[key_prop]] = p
                    nxt.append(p[key_prop])
        frontier = [u for u in nxt if u != to]
    last = [(u, to) for u in props if u != to and to not in edges.get(u, {})]
    last_scores = await gaps.scores(ctx, last)
    if max_steps == 1 and all(v is None for v in last_scores.values()):
        return ModelUnavailable(message=NO_MODEL)
    for (a, b), move in last_scores.items():
        edges.setdefault(a, {})[b] = move if move is not None else 0.0
    routes = _routes(edges, from_, to, max_steps)
    hops = sorted({(a, b) for route in routes for a, b in pairwise(route)})
    explained = await gaps.explanations(ctx, hops)
    step_gaps = _StepGaps(explained)
    ranked = sorted(
        routes,
        key=lambda route: (
            sum(step_gaps.sizes.get(h, 0) for h in pairwise(route)),
            len(route),
            -_mean([edges[a][b] for a, b in pairwise(route)]),
        ),
    )[:first]
    return CareerPaths(
        source=career_occupation(source),
        target=career_occupation(target),
        paths=[_path(route, props, edges, step_gaps) for route in ranked],
    )


async def career_paths(
    info: Info,
    from_: Annotated[
        str,
        strawberry.argument(
            name="from", description="ESCO occupation URI or O*NET-SOC code (start)."
        ),
    ],
    to: Annotated[
        str, strawberry.argument(description="ESCO occupation URI or O*NET-SOC code (goal).")
    ],
    max_steps: Annotated[int, strawberry.argument(description="Most moves per route.")] = 3,
    first: Annotated[int, strawberry.argument(description="How many routes (1-10).")] = 3,
) -> CareerPathsResult:
    """The resolver of the field: :func:`career_paths_service`."""
    return await career_paths_service(info.context, from_, to, max_steps, first)


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


class _StepGaps:
    """The gap of each move of the ranked routes, its skill lists built once however many
    routes share the move."""

    def __init__(self, explained: dict[tuple[str, str], TransitionExplanation]) -> None:
        self.explained = explained
        self.sizes = {move: gaps.gap_size(e) for move, e in explained.items()}
        """The gap size of each explained move, which also ranks the routes."""
        self.built: dict[tuple[str, str], tuple[list[TransitionSkill], list[TransitionSkill]]] = {}

    def step(self, a: str, b: str, props: dict[str, Props], score: float) -> CareerStep:
        gap = self.explained.get((a, b))
        basis = gap.basis if gap is not None else explain.basis_of(a, b)
        if (a, b) not in self.built:
            self.built[(a, b)] = ((_skills(gap.shared, basis), _skills(gap.missing, basis))
                                  if gap is not None else ([], []))
        shared, missing = self.built[(a, b)]
        return CareerStep(
            source=career_occupation(props[a]),
            target=career_occupation(props[b]),
            score=score,
            gap=self.sizes.get((a, b), 0),
            basis=GapBasis(basis),
            shared_skills=shared,
            missing_skills=missing,
        )


def _path(
    route: list[str],
    props: dict[str, Props],
    edges: dict[str, dict[str, float]],
    step_gaps: _StepGaps,
) -> CareerPath:
    steps = [step_gaps.step(a, b, props, edges[a][b]) for a, b in pairwise(route)]
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
    description="Likeliest next occupations with shared/missing skills and programs "
    "(ESCO URI or O*NET-SOC code).",
)
skill_gap_field: Any = strawberry.field(
    resolver=skill_gap,
    description="Skills shared and missing between two occupations (ESCO URIs or O*NET-SOC "
    "codes).",
)
career_paths_field: Any = strawberry.field(
    resolver=career_paths,
    description="Best multi-step routes between two occupations with the cumulative gap.",
)
