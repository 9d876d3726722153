"""Job-ad commands: ``load job-ads``, ``normalize-titles``, ``extract-skills`` and
``predict job-skills``.

ESCO label sets come from Neo4j (after ``skillgraph load esco``) or, with ``--esco-dir``,
straight from the ESCO CSV export. MiniLM and torch are imported only when a command runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph.cli.common import RichProgress, console, driver, make_progress, report_errors, settings
from graph.cli.predict_cmd import predict_app

if TYPE_CHECKING:
    from graph.jobads.embeddings import MiniLMEncoder
    from graph.jobads.examples import LabelledTitle
    from graph.jobads.labels import EscoCatalog

InputFile = Annotated[Path, typer.Option("--input", "-i", help="Input file (see the help text).")]
OutputFile = Annotated[Path, typer.Option("--output", "-o", help="Where to write JSON Lines.")]
EscoDir = Annotated[
    Path | None,
    typer.Option("--esco-dir", help="Read ESCO labels from this CSV export instead of Neo4j."),
]
LexicalOnly = Annotated[
    bool, typer.Option("--lexical-only", help="Skip MiniLM (faster, less accurate).")
]
TitleExamples = Annotated[
    Path | None,
    typer.Option("--title-examples", help="Labelled titles (CSV: title or text, uri or label) "
                 "used as a memory and a prior; default: SKILLGRAPH_TITLE_EXAMPLES."),
]


def _title_examples(path: Path | None, catalog: EscoCatalog) -> list[LabelledTitle] | None:
    """The labelled titles of ``path`` (or of the setting), saying how many rows were left
    out because their occupation is not in the graph."""
    from graph.jobads.examples import read_labelled_titles

    path = path or settings().title_examples
    if path is None:
        return None
    found = read_labelled_titles(path, catalog)
    console.print(f"Labelled titles: {len(found.examples):,} from {path}")
    if found.skipped:
        shown = ", ".join(repr(x) for x in found.skipped_labels[:5])
        more = len(found.skipped_labels) - 5
        console.print(f"[yellow]Skipped {found.skipped:,} rows whose occupation is not in the "
                      f"ESCO labels read ({shown}{f' and {more} more' if more > 0 else ''})[/]")
    return found.examples


@contextmanager
def _catalog(esco_dir: Path | None) -> Iterator[EscoCatalog]:
    from graph.jobads.labels import catalog_from_csv, catalog_from_graph

    with console.status("Reading ESCO labels..."):
        if esco_dir is not None:
            catalog = catalog_from_csv(esco_dir)
        else:
            with driver() as d:
                catalog = catalog_from_graph(d, database=settings().neo4j_database)
    yield catalog


def _encoder(lexical_only: bool, progress: RichProgress) -> MiniLMEncoder | None:
    if lexical_only:
        return None
    from graph.jobads.embeddings import MiniLMEncoder, default_cache_dir

    return MiniLMEncoder(default_cache_dir(), progress=progress)


def load_job_ads(
    path: Annotated[Path, typer.Argument(help="A .jsonl or .csv file of job ads (or a folder "
                                               "holding postings.jsonl).")],
    k_occupations: Annotated[int, typer.Option("--k-occupations", min=0,
                                               help="NORMALIZED_TO edges per ad.")] = 5,
    k_skills: Annotated[int, typer.Option("--k-skills", min=0,
                                          help="At most this many MENTIONS edges per ad.")] = 30,
    no_annotate: Annotated[bool, typer.Option("--no-annotate",
                                              help="Write the ads only, no edges.")] = False,
    lexical_only: LexicalOnly = False,
    title_examples: TitleExamples = None,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Validate only; write nothing.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Load job ads (id, title, text; optional posted_at, employer, location, source, url):
    MERGE on id, then link each ad to its best occupations and the skills it mentions."""
    from graph.cli.load_cmd import print_report
    from graph.jobads.extract import SkillExtractor
    from graph.jobads.ingest import JobAdAnnotator, prepare_job_ads
    from graph.jobads.labels import catalog_from_graph
    from graph.jobads.normalize import TitleNormalizer
    from graph.loaders.base import dry_run_report, write_prepared

    if dry_run:
        with console.status(f"Validating {path}..."):
            prepared = prepare_job_ads(path)
        print_report(dry_run_report([prepared]), json_)
        return
    s = settings()
    with driver() as d, make_progress() as progress:
        annotator = None
        if not no_annotate:
            with console.status("Reading ESCO labels from Neo4j..."):
                catalog = catalog_from_graph(d, database=s.neo4j_database)
            encoder = _encoder(lexical_only, RichProgress(progress))
            examples = _title_examples(title_examples, catalog)
            lexical = s.lexical_cache_dir
            annotator = JobAdAnnotator(
                TitleNormalizer(catalog, encoder, examples=examples, cache_dir=lexical),
                SkillExtractor(catalog, encoder, cache_dir=lexical),
                k_occupations=k_occupations, k_skills=k_skills,
            )
        prepared = prepare_job_ads(path, annotator=annotator, progress=RichProgress(progress))
        report = write_prepared(d, [prepared], database=s.neo4j_database,
                                batch_size=s.batch_size,
                                progress_factory=lambda: RichProgress(progress))
    print_report(report, json_)


def normalize_titles(
    input_: InputFile,
    output: OutputFile,
    k: Annotated[int, typer.Option("--k", min=1, help="Occupations per title.")] = 5,
    esco_dir: EscoDir = None,
    lexical_only: LexicalOnly = False,
    title_examples: TitleExamples = None,
) -> None:
    """Rank ESCO occupations for job titles (text lines, JSONL with "title", or CSV with a
    title column); writes {"title", "predictions": [{"id", "label", "score"}]} lines."""
    from graph.jobads.files import read_field, write_jsonl
    from graph.jobads.normalize import TitleNormalizer

    titles = read_field(input_, "title", alternatives=("text",))
    with _catalog(esco_dir) as catalog:
        examples = _title_examples(title_examples, catalog)
        with make_progress() as progress:
            normalizer = TitleNormalizer(catalog, _encoder(lexical_only, RichProgress(progress)),
                                         examples=examples,
                                         cache_dir=settings().lexical_cache_dir)
            results = normalizer.normalize(titles, k)
    n = write_jsonl(output, ({"title": t, "predictions": [c.as_dict() for c in cands]}
                             for t, cands in zip(titles, results, strict=True)))
    console.print(f"Wrote {n:,} lines to {output}")


def extract_skills(
    input_: InputFile,
    output: OutputFile,
    k: Annotated[int, typer.Option("--k", min=1, help="At most this many skills per text.")] = 10,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", help="Minimum score (default: the one tuned on validation data).")] = None,
    esco_dir: EscoDir = None,
    lexical_only: LexicalOnly = False,
) -> None:
    """Find the ESCO skills texts mention (text lines or JSONL with "text"); writes
    {"text", "skills": [{"id", "label", "score", "span", "start", "end"}]} lines."""
    from graph.jobads.extract import SkillExtractor
    from graph.jobads.files import read_field, write_jsonl

    texts = read_field(input_, "text")
    with _catalog(esco_dir) as catalog, make_progress() as progress:
        extractor = SkillExtractor(catalog, _encoder(lexical_only, RichProgress(progress)),
                                   cache_dir=settings().lexical_cache_dir)
        found = extractor.extract(texts, k, threshold=threshold,
                                  progress=RichProgress(progress))
    n = write_jsonl(output, ({"text": t, "skills": [m.as_dict() for m in ms]}
                             for t, ms in zip(texts, found, strict=True)))
    console.print(f"Wrote {n:,} lines to {output}")


def predict_job_skills(
    input_: InputFile,
    output: OutputFile,
    k: Annotated[int, typer.Option("--k", min=1, help="Skills per title.")] = 20,
    esco_dir: EscoDir = None,
    lexical_only: LexicalOnly = False,
    title_examples: TitleExamples = None,
    no_ads: Annotated[bool, typer.Option(
        "--no-ads", help="Ignore the job ads in the graph (REQUIRES and MiniLM only).")] = False,
) -> None:
    """For job titles alone, the ESCO skills a posting most likely asks for: MiniLM
    title-to-skill similarity, REQUIRES of the title's occupations and, from the job ads in
    the graph, the skills of the ads with the nearest titles; writes {"title", "predictions":
    [...]} lines."""
    from graph.jobads.files import read_field, write_jsonl
    from graph.jobads.labels import FORM_LABEL
    from graph.jobads.normalize import TitleNormalizer
    from graph.jobads.predict import AdEvidence, JobSkillPredictor, ad_evidence_from_graph
    from graph.jobads.retrieval import SemanticIndex, SurfaceForms

    titles = read_field(input_, "title", alternatives=("text",))
    evidence: AdEvidence | None = None
    if not no_ads and esco_dir is None:
        with driver() as d:
            evidence = ad_evidence_from_graph(d, database=settings().neo4j_database)
        console.print(f"Job ads in the graph: {len(evidence):,}")
    with _catalog(esco_dir) as catalog:
        examples = _title_examples(title_examples, catalog)
        with make_progress() as progress:
            encoder = _encoder(lexical_only, RichProgress(progress))
            normalizer = TitleNormalizer(catalog, encoder, examples=examples,
                                         cache_dir=settings().lexical_cache_dir)
            skill_index = (SemanticIndex(SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL,)),
                                         encoder, description="Encoding skills")
                           if encoder is not None else None)
            predictor = JobSkillPredictor(normalizer, skill_index=skill_index,
                                          evidence=evidence)
            results = predictor.predict(titles, k)
    n = write_jsonl(output, ({"title": t, "predictions": [c.as_dict() for c in cands]}
                             for t, cands in zip(titles, results, strict=True)))
    console.print(f"Wrote {n:,} lines to {output}")


def register(app: typer.Typer, *, load_app: typer.Typer) -> None:
    """Add the job-ad commands to the ``skillgraph`` app and its ``load`` and ``predict`` groups."""
    load_app.command("job-ads")(report_errors(load_job_ads))
    app.command("normalize-titles")(report_errors(normalize_titles))
    app.command("extract-skills")(report_errors(extract_skills))
    predict_app.command("job-skills")(report_errors(predict_job_skills))
