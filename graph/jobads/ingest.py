"""``prepare_job_ads``: job ads for the loader framework, annotated on the way in.

Each ad becomes a ``(:JobAd)`` (MERGE on ``id``: re-ingesting updates its properties). With an
:class:`JobAdAnnotator`, its old ``NORMALIZED_TO`` / ``MENTIONS`` edges are replaced by the
``k`` best occupations for its title (re-ranked by the skills found in its text) and the skills
its text mentions, each with its score (and the matched span for skills). Without one, an ad
whose title or text changed loses its old edges (they were computed from the old text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.jobads import queries
from graph.jobads.extract import SkillExtractor, SkillMention
from graph.jobads.normalize import Candidate, TitleNormalizer
from graph.jobads.schema import JobAdRecord, read_job_ads
from graph.loaders.base import PreparedLoad, Step
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats
from graph.loaders.writer import ProgressSink

SOURCE_NAME = "job-ads"
FILE_NAMES = ("postings.jsonl", "job_ads.jsonl", "job-ads.jsonl", "postings.csv", "job_ads.csv",
              "job-ads.csv")


@dataclass
class Annotation:
    """What the annotator found for one ad."""

    occupations: list[Candidate]
    skills: list[SkillMention]


class JobAdAnnotator:
    """Normalizes an ad's title and extracts the skills of its text."""

    def __init__(
        self,
        normalizer: TitleNormalizer,
        extractor: SkillExtractor,
        *,
        k_occupations: int = 5,
        k_skills: int = 30,
    ) -> None:
        self.normalizer = normalizer
        self.extractor = extractor
        self.k_occupations = k_occupations
        self.k_skills = k_skills

    def annotate(
        self, ads: Sequence[JobAdRecord], *, progress: ProgressSink | None = None
    ) -> list[Annotation]:
        mentions = self.extractor.extract([ad.text for ad in ads], self.k_skills,
                                          progress=progress)
        occupations = self.normalizer.normalize(
            [ad.title for ad in ads], self.k_occupations,
            skills=[[m.uri for m in found] for found in mentions],
        )
        return [Annotation(o, m) for o, m in zip(occupations, mentions, strict=True)]


def resolve_file(source: str | Path | DataSource) -> Path:
    """A job-ads file given directly, or found by name in a folder / DataSource."""
    if isinstance(source, DataSource):
        member = source.require(*FILE_NAMES)
        local = source.local_path(member)
        if local is None:
            raise InputError.single(source.path, None, None,
                                    "expected a folder or a .jsonl/.csv file, not a zip")
        return local
    path = Path(source)
    if path.is_dir():
        for name in FILE_NAMES:
            if (path / name).is_file():
                return path / name
        raise InputError.single(path, None, None,
                                f"expected a file named {' or '.join(FILE_NAMES)} in it")
    return path


def prepare_job_ads(
    source: str | Path | DataSource,
    *,
    annotator: JobAdAnnotator | None = None,
    strict: bool = False,
    progress: ProgressSink | None = None,
) -> PreparedLoad:
    """Read and validate the whole file, annotate the ads, and return the write steps.

    Nothing is written. ``strict`` is accepted for symmetry with the other loaders: every
    occupation and skill an annotator proposes comes from the graph, so nothing can dangle.
    """
    del strict
    path = resolve_file(source)
    return prepare_job_ad_records(read_job_ads(path), display=str(path), annotator=annotator,
                                  progress=progress)


def prepare_job_ad_records(
    ads: Sequence[JobAdRecord],
    *,
    display: str,
    annotator: JobAdAnnotator | None = None,
    progress: ProgressSink | None = None,
) -> PreparedLoad:
    """The write steps of validated ``ads`` (``display`` names where they came from in the
    load report): MERGE the ads, then, with ``annotator``, replace their links; without one,
    the links of the ads whose title or text changed are removed first."""
    prepared = PreparedLoad(source=SOURCE_NAME)
    ad_stats = prepared.file_stats(display)
    ad_stats.rows_read = len(ads)
    rows = [ad.as_row() for ad in ads]
    prepared.keys["JobAd"] = {ad.id for ad in ads}
    if annotator is None:
        # No new links, but the old ones of an ad whose title or text changed are stale.
        stale_stats = FileStats(f"{display} (links of changed ads removed)")
        prepared.stats.append(stale_stats)
        prepared.steps = [
            Step("Links of changed job ads", "cleared", queries.CLEAR_CHANGED_JOB_AD_LINKS,
                 [{"id": r["id"], "title": r["title"], "text": r["text"]} for r in rows],
                 stale_stats),
            Step("Job ads", "JobAd", queries.MERGE_JOB_ADS, rows, ad_stats),
        ]
        return prepared
    prepared.steps.append(Step("Job ads", "JobAd", queries.MERGE_JOB_ADS, rows, ad_stats))
    annotations = annotator.annotate(ads, progress=progress)
    ids = [{"id": ad.id} for ad in ads]
    clear_stats = FileStats(f"{display} (old links removed)")
    norm_stats = FileStats(f"{display} (NORMALIZED_TO)")
    mention_stats = FileStats(f"{display} (MENTIONS)")
    norm_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for ad, found in zip(ads, annotations, strict=True):
        for rank, c in enumerate(found.occupations, start=1):
            norm_rows.append({"id": ad.id, "uri": c.uri, "score": c.score, "rank": rank})
        for m in found.skills:
            mention_rows.append({"id": ad.id, "uri": m.uri, "score": m.score, "span": m.span})
    norm_stats.rows_read = len(norm_rows)
    mention_stats.rows_read = len(mention_rows)
    prepared.stats.extend([clear_stats, norm_stats, mention_stats])
    prepared.steps.extend([
        Step("Old job-ad links", "cleared", queries.CLEAR_JOB_AD_LINKS, ids, clear_stats),
        Step("NORMALIZED_TO", "NORMALIZED_TO", queries.MERGE_NORMALIZED_TO, norm_rows, norm_stats),
        Step("MENTIONS", "MENTIONS", queries.MERGE_MENTIONS, mention_rows, mention_stats),
    ])
    return prepared
