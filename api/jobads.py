"""Job-ad fields: ``normalizeTitle``, ``extractSkills`` and the ``ingestJobAds`` mutation.

They run the job-ad pipeline of :mod:`graph.jobads` (the app's models, see
:mod:`api.jobad_models`): titles are normalised and texts' skills extracted exactly as
``skillgraph load job-ads`` does, and ingestion writes through the same prepared steps
(``prepare_job_ad_records`` then ``write_prepared``: MERGE on ``id``, old links replaced).
"""

# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.auth import Unauthorized, check_api_key
from api.context import Info
from api.errors import InvalidArgumentError
from api.jobad_models import JobAdModelCache, JobAdModels
from api.loaders import Loaders, NodeKey
from api.nodes import JobAd, Occupation, Skill
from api.results import InvalidInput
from graph.jobads.schema import OPTIONAL, JobAdRecord, validate_row
from graph.loaders.readers import Row, Validator

if TYPE_CHECKING:
    from graph.jobads.extract import SkillMention

MAX_FIRST = 50
"""Most occupations or skills one call returns."""
K_SKILLS = 30
"""Skills extracted from an ad's text (the re-ranking evidence, as in ``load job-ads``)."""
ARGUMENT_OF_COLUMN = {"posted_at": "postedAt"}


@strawberry.type(description="An ESCO occupation proposed for a job title.")
class OccupationMatch:
    uri: str = strawberry.field(description="ESCO occupation URI.")
    label: str = strawberry.field(description="Its preferred label.")
    score: float = strawberry.field(description="Retrieval score (higher is better).")
    rank: int = strawberry.field(description="1 for the best match.")

    @strawberry.field(description="The occupation node (null if not in the graph).")
    async def occupation(self, info: Info) -> Occupation | None:
        props = await info.context.loaders.nodes.load(NodeKey("Occupation", self.uri))
        return None if props is None else Occupation.from_props(props)


@strawberry.type(description="An ESCO skill a text mentions, with the span that matched.")
class SkillMatch:
    uri: str = strawberry.field(description="ESCO skill URI.")
    label: str = strawberry.field(description="Its preferred label.")
    score: float = strawberry.field(description="Linking score (higher is better).")
    span: str = strawberry.field(description="The words of the text that matched best.")
    start: int = strawberry.field(description="Offset of the span in the text (characters).")
    end: int = strawberry.field(description="Offset just past the span.")

    @strawberry.field(description="The skill node (null if not in the graph).")
    async def skill(self, info: Info) -> Skill | None:
        props = await info.context.loaders.nodes.load(NodeKey("Skill", self.uri))
        return None if props is None else Skill.from_props(props)


@strawberry.type(description="Ranked ESCO occupations for a job title.")
class TitleNormalization:
    title: str = strawberry.field(description="The title as given.")
    occupations: list[OccupationMatch] = strawberry.field(description="Best first.")
    skills: list[SkillMatch] = strawberry.field(
        description="Skills found in the text that re-ranked the occupations (empty without "
        "text)."
    )
    semantic: bool = strawberry.field(
        description="Whether MiniLM similarity took part (false: lexical retrieval only)."
    )


@strawberry.type(description="ESCO skills a text mentions.")
class SkillExtraction:
    skills: list[SkillMatch] = strawberry.field(description="Best first.")
    semantic: bool = strawberry.field(
        description="Whether MiniLM similarity took part (false: lexical retrieval only)."
    )


@strawberry.input(description="A job ad to ingest (the fields of `skillgraph load job-ads`).")
class JobAdInput:
    id: str = strawberry.field(description="Stable id of the posting (the JobAd key).")
    title: str = strawberry.field(description="The title as advertised.")
    text: str = strawberry.field(description="The posting's full text.")
    posted_at: str | None = strawberry.field(
        default=None, description="ISO 8601 date or date-time (2021-07-14).")
    employer: str | None = strawberry.field(default=None, description="Employer name.")
    location: str | None = strawberry.field(default=None, description="Free-text location.")
    source: str | None = strawberry.field(default=None, description="Where the ad comes from.")
    url: str | None = strawberry.field(default=None, description="http(s):// address.")


@strawberry.type(description="The ads as stored, with the occupations and skills linked.")
class IngestedJobAds:
    ads: list[JobAd] = strawberry.field(description="In the order given.")


@strawberry.type(description="One fault in the ads given.")
class JobAdProblem:
    position: int | None = strawberry.field(
        description="1-based position of the ad in `ads` (null: the list as a whole).")
    field: str | None = strawberry.field(description="The offending field, if one.")
    message: str = strawberry.field(description="What was expected.")


@strawberry.type(description="The ads are invalid; nothing was written.")
class InvalidJobAds:
    message: str = strawberry.field(description="Summary.")
    problems: list[JobAdProblem] = strawberry.field(description="Each fault found.")


NormalizeTitleResult = Annotated[
    TitleNormalization | InvalidInput,
    strawberry.union("NormalizeTitleResult", description="The occupations, or why none."),
]
ExtractSkillsResult = Annotated[
    SkillExtraction | InvalidInput,
    strawberry.union("ExtractSkillsResult", description="The skills, or why none."),
]
IngestJobAdsResult = Annotated[
    IngestedJobAds | InvalidJobAds | Unauthorized,
    strawberry.union("IngestJobAdsResult", description="The stored ads, or why none."),
]


def _models(info: Info) -> JobAdModelCache:
    cache = info.context.jobad_models
    if cache is None:
        raise RuntimeError("expected the app's job-ad models in the context")
    return cache


def _check_first(first: int) -> None:
    if first < 1 or first > MAX_FIRST:
        raise InvalidArgumentError("first", f"expected 1 to {MAX_FIRST}, got {first}")


def _check_text(value: str, argument: str, maximum: int) -> InvalidInput | None:
    if not value.strip():
        return InvalidInput(message=f"expected a non-empty {argument}", argument=argument)
    if len(value) > maximum:
        return InvalidInput(
            message=f"expected a {argument} of at most {maximum:,} characters, got {len(value):,}",
            argument=argument,
        )
    return None


def _skill_matches(mentions: Sequence[SkillMention]) -> list[SkillMatch]:
    return [SkillMatch(uri=m.uri, label=m.label, score=m.score, span=m.span, start=m.start,
                       end=m.end) for m in mentions]


async def normalize_title(info: Info, title: str, text: str | None, first: int
                          ) -> TitleNormalization | InvalidInput:
    """The ``first`` best occupations for ``title``, re-ranked by the skills of ``text``."""
    _check_first(first)
    limits = info.context.limits
    invalid = _check_text(title, "title", limits.max_job_title_length)
    if invalid is None and text is not None:
        invalid = _check_text(text, "text", limits.max_job_text_length)
    if invalid is not None:
        return invalid

    def work(models: JobAdModels) -> TitleNormalization:
        skills: Sequence[SkillMention] = []
        if text is None:
            occupations = models.normalizer.normalize([title], first)[0]
        else:
            record = JobAdRecord(id="query", title=title, text=text)
            annotation = models.annotator(k_occupations=first, k_skills=K_SKILLS
                                          ).annotate([record])[0]
            occupations, skills = annotation.occupations, annotation.skills
        return TitleNormalization(
            title=title,
            occupations=[OccupationMatch(uri=c.uri, label=c.label, score=c.score, rank=rank)
                         for rank, c in enumerate(occupations, start=1)],
            skills=_skill_matches(skills),
            semantic=models.semantic,
        )

    return await _models(info).run(work)


async def extract_skills(info: Info, text: str, first: int) -> SkillExtraction | InvalidInput:
    """The ``first`` best skills ``text`` mentions (above the pipeline's threshold)."""
    _check_first(first)
    invalid = _check_text(text, "text", info.context.limits.max_job_text_length)
    if invalid is not None:
        return invalid

    def work(models: JobAdModels) -> SkillExtraction:
        found = models.extractor.extract([text], first)[0]
        return SkillExtraction(skills=_skill_matches(found), semantic=models.semantic)

    return await _models(info).run(work)


def validate_ads(ads: list[JobAdInput], max_ads: int, max_title: int, max_text: int
                 ) -> list[JobAdRecord] | InvalidJobAds:
    """The ads as pipeline records, checked as ``load job-ads`` checks a file's rows (and
    against the size caps), or every problem found."""
    if not ads or len(ads) > max_ads:
        return InvalidJobAds(
            message=f"expected 1 to {max_ads} ads, got {len(ads)}",
            problems=[JobAdProblem(position=None, field="ads",
                                   message=f"expected 1 to {max_ads} ads, got {len(ads)}")],
        )
    v = Validator("ads")
    seen: dict[str, int] = {}
    records: list[JobAdRecord] = []
    for position, ad in enumerate(ads, start=1):
        cells = {"id": ad.id, "title": ad.title, "text": ad.text}
        cells.update({c: v_ for c in OPTIONAL if (v_ := getattr(ad, c)) is not None})
        if len(ad.title) > max_title:
            v.add(position, "title", f"expected a title of at most {max_title:,} characters")
        if len(ad.text) > max_text:
            v.add(position, "text", f"expected a text of at most {max_text:,} characters")
        before = v.total
        record = validate_row(Row(position, cells), v, seen)
        if record is not None and v.total == before:
            records.append(record)
    if v.total:
        problems = [JobAdProblem(position=p.row, message=p.message,
                                 field=ARGUMENT_OF_COLUMN.get(p.column or "", p.column))
                    for p in v.problems]
        return InvalidJobAds(message=f"{v.total} problem(s) in the ads; nothing was written",
                             problems=problems)
    return records


async def ingest_job_ads(info: Info, ads: list[JobAdInput]
                         ) -> IngestedJobAds | InvalidJobAds | Unauthorized:
    """Validate, annotate and store ``ads`` (MERGE on id), then read them back."""
    ctx = info.context
    denied = check_api_key(ctx.settings, ctx.authorization)
    if denied is not None:
        return denied
    lim = ctx.limits
    checked = validate_ads(ads, lim.max_ads_per_request, lim.max_job_title_length,
                           lim.max_job_text_length)
    if isinstance(checked, InvalidJobAds):
        return checked
    cache = _models(info)

    def work(models: JobAdModels) -> None:
        from graph.jobads.ingest import prepare_job_ad_records
        from graph.loaders.base import write_prepared

        prepared = prepare_job_ad_records(checked, display="ingestJobAds",
                                          annotator=models.annotator())
        write_prepared(cache.driver(), [prepared], database=ctx.settings.neo4j_database,
                       batch_size=ctx.settings.batch_size, ensure_schema=False)

    await cache.run(work)
    # fresh DataLoaders: what this request read before the write (an earlier ingestJobAds of
    # the same mutation included) is stale now
    ctx.loaders = Loaders(ctx.reader)
    stored = await ctx.loaders.nodes.load_many([NodeKey("JobAd", r.id) for r in checked])
    return IngestedJobAds(ads=[JobAd.from_props(p) for p in stored if p is not None])


@strawberry.type(description="Changes to the graph; each needs the API key when one is set.")
class Mutation:
    @strawberry.mutation(
        description="Validate job ads, normalise their titles, extract their skills and store "
        "them with their links (MERGE on id, as `skillgraph load job-ads`)."
    )
    async def ingest_job_ads(
        self,
        info: Info,
        ads: Annotated[list[JobAdInput], strawberry.argument(description="The ads to store.")],
    ) -> IngestJobAdsResult:
        return await ingest_job_ads(info, ads)


async def _normalize_title(
    info: Info,
    title: Annotated[str, strawberry.argument(description="A job title.")],
    text: Annotated[str | None, strawberry.argument(description="The ad's text.")] = None,
    first: Annotated[int, strawberry.argument(description="How many occupations.")] = 5,
) -> NormalizeTitleResult:
    return await normalize_title(info, title, text, first)


async def _extract_skills(
    info: Info,
    text: Annotated[str, strawberry.argument(description="Free text (a job ad).")],
    first: Annotated[int, strawberry.argument(description="At most this many skills.")] = 10,
) -> ExtractSkillsResult:
    return await extract_skills(info, text, first)


normalize_title_field: Any = strawberry.field(
    resolver=_normalize_title,
    description="Ranked ESCO occupations for a job title, re-ranked by the skills of the ad's "
    "text when it is given (as job-ad ingestion does).",
)
extract_skills_field: Any = strawberry.field(
    resolver=_extract_skills,
    description="ESCO skills a text mentions, with scores and matched spans.",
)
