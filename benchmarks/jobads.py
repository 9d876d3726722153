"""Job-ads benchmark: quality tables and CPU throughput of title normalization, skill
extraction and ingestion.

    HF_HUB_OFFLINE=1 python benchmarks/jobads.py [--data ../shared/data] [--no-ingest]
        [--json results.json]

Tables (all from the validation files in ``job-ads/``):

1. Title normalization on ``vacancy_titles_validation.csv``: the fusion weight is chosen on the
   tuning part (30 % of titles, by content hash); MRR and Recall@1/5/10 are reported on the
   held-out 70 % for lexical only, semantic only, reciprocal-rank fusion and score fusion.
2. Skill ranking per sentence on ``skill-extraction-validation`` (TECH and HOUSE): weights are
   chosen on half the sentences of both sets (by hash); RP@5, RP@10 and MRR on the other half,
   next to whole-sentence MiniLM cosine.
3. Span finding against SkillSpan gold spans of the 198 postings (exact and loose match).
4. Skills for a title alone against the ESCO skills the postings' gold spans link to.

Throughput: titles/s, postings/s (extraction) and, unless ``--no-ingest``, the end-to-end
ingestion of all 198 postings into the Neo4j of the current settings (ESCO loaded there first
when missing). Label-set embeddings are cached; the first run encodes them (minutes on CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import data_dir


def _table(title: str, rows: dict[str, dict[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = list(next(iter(rows.values())).keys())
    table = Table(title=title)
    table.add_column("method")
    for c in columns:
        table.add_column(c, justify="right")
    for name, values in rows.items():
        table.add_row(name, *(f"{values[c]:.3f}" if values[c] < 10 else f"{values[c]:,.0f}"
                              for c in columns))
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from graph.jobads.embeddings import MiniLMEncoder, default_cache_dir
    from graph.jobads.evaluate import (
        evaluate_job_skills,
        evaluate_skill_ranking,
        evaluate_span_finder,
        evaluate_titles,
        in_tuning_part,
        job_skill_gold,
        read_skill_validation,
        read_title_validation,
        tune_job_skill_weights,
        tune_skill_weights,
        tune_threshold,
    )
    from graph.jobads.extract import SkillExtractor
    from graph.jobads.labels import catalog_from_csv
    from graph.jobads.normalize import TitleNormalizer, clean_title
    from graph.jobads.predict import AdEvidence, JobSkillPredictor

    jobads = args.data / "job-ads"
    results: dict[str, Any] = {}
    catalog = catalog_from_csv(args.data / "esco-v1.1.1")
    encoder = MiniLMEncoder(default_cache_dir())

    started = time.perf_counter()
    normalizer = TitleNormalizer(catalog, encoder)
    results["normalizer_build_s"] = time.perf_counter() - started
    examples = read_title_validation(jobads / "vacancy_titles_validation.csv")
    report = evaluate_titles(normalizer, examples)
    normalizer.lexical_weight = report.lexical_weight
    _table(f"Title normalization, held-out {report.held_out:,} titles (tuned on "
           f"{report.tuning:,}; {report.dropped} with labels absent from ESCO 1.1.1 dropped)",
           report.rows)
    results["titles"] = {"rows": report.rows, "lexical_weight": report.lexical_weight,
                         "labelled_titles": report.labelled_titles,
                         "tuning": report.tuning, "held_out": report.held_out}
    sample = list(dict.fromkeys(e.title for e in examples))[:1000]
    started = time.perf_counter()
    normalizer.normalize(sample, k=10)
    results["titles_per_s"] = len(sample) / (time.perf_counter() - started)

    extractor = SkillExtractor(catalog, encoder)
    sets = {n: read_skill_validation(jobads / "skill-extraction-validation" /
                                     f"{n}_validation_annotations.csv") for n in ("tech", "house")}
    tuning = [e for exs in sets.values() for e in exs if in_tuning_part(e.sentence, 0.5)]
    lw, sw, rp = tune_skill_weights(extractor, tuning)
    extractor.lexical_weight, extractor.sentence_weight = lw, sw
    results["skills"] = {"lexical_weight": lw, "sentence_weight": sw, "tuning_RP@5": rp}
    for name, exs in sets.items():
        held = [e for e in exs if not in_tuning_part(e.sentence, 0.5)]
        skill_report = evaluate_skill_ranking(extractor, held, name)
        _table(f"Skill ranking per sentence, {name.upper()} held-out half "
               f"({skill_report.sentences} sentences; w_lex={lw:g}, w_sentence={sw:g})",
               skill_report.rows)
        results["skills"][name] = skill_report.rows
    held_all = [e for exs in sets.values() for e in exs if not in_tuning_part(e.sentence, 0.5)]
    tuned_t, held_t = tune_threshold(extractor, tuning, held_all)
    extractor.threshold = tuned_t["threshold"]
    _table("Extraction at the threshold tuned on the tuning half (micro, TECH + HOUSE)",
           {"tuning half": tuned_t, "held-out half": held_t})
    results["skills"]["threshold"] = {"tuning": tuned_t, "held_out": held_t}

    postings = [json.loads(line) for line in
                (jobads / "skillspan_postings.jsonl").read_text(encoding="utf-8").splitlines()]
    spans = evaluate_span_finder(postings)
    _table("Span finder vs SkillSpan gold spans (198 postings)", spans)
    results["spans"] = spans

    gold = job_skill_gold(extractor, postings)
    tune_gold = [g for g in gold if in_tuning_part(g[0] + "|" + min(g[1]), 0.5)]
    held_gold = [g for g in gold if not in_tuning_part(g[0] + "|" + min(g[1]), 0.5)]
    predictor = JobSkillPredictor(normalizer, skill_index=extractor.semantic)
    plain, _ = tune_job_skill_weights(predictor, tune_gold)
    job_skills = evaluate_job_skills(predictor, held_gold, weights=plain)
    _table(f"Skills for a title alone, no job ads in the graph (held-out {len(held_gold)} of "
           f"{len(gold)} postings; gold: the ESCO skills their gold spans link to)", job_skills)
    # the tuning half loaded as job ads: their MENTIONS as ingestion writes them
    by_title: dict[str, dict[str, Any]] = {}
    for post in postings:
        by_title.setdefault(clean_title(str(post["title"])), post)
    ads = [by_title[t] for t, _ in tune_gold]
    mentions = extractor.extract([str(a["text"]) for a in ads], k=30)
    evidence = AdEvidence([str(a["title"]) for a in ads],
                          [{m.uri: m.score for m in found} for found in mentions])
    with_ads = JobSkillPredictor(normalizer, skill_index=extractor.semantic, evidence=evidence)
    tuned, _ = tune_job_skill_weights(with_ads, tune_gold, exclude=list(range(len(tune_gold))))
    job_skills_ads = evaluate_job_skills(with_ads, held_gold, weights=tuned)
    _table(f"Skills for a title alone, the other {len(ads)} postings loaded as job ads "
           f"(weights chosen leave-one-out on them)", job_skills_ads)
    results["job_skills"] = {"without_ads": job_skills, "with_ads": job_skills_ads,
                             "weights_without_ads": plain.__dict__,
                             "weights_with_ads": tuned.__dict__}

    texts = [p["text"] for p in postings[:40]]
    started = time.perf_counter()
    extractor.extract(texts, k=30)
    results["postings_per_s"] = len(texts) / (time.perf_counter() - started)

    if not args.no_ingest:
        results["ingest"] = ingest_all(jobads / "skillspan_postings.jsonl", args.data)
    print(json.dumps({k: v for k, v in results.items()
                      if k.endswith("_s") or k in ("ingest",)}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


def ingest_all(postings: Path, data: Path) -> dict[str, float]:
    """Every posting through ``prepare_job_ads`` (annotation) and ``write_prepared``."""
    from graph.db import open_driver
    from graph.jobads.embeddings import MiniLMEncoder, default_cache_dir
    from graph.jobads.extract import SkillExtractor
    from graph.jobads.ingest import JobAdAnnotator, prepare_job_ads
    from graph.jobads.labels import catalog_from_graph
    from graph.jobads.normalize import TitleNormalizer
    from graph.loaders.base import write_prepared
    from graph.loaders.esco import prepare_esco
    from graph.loaders.sources import DataSource
    from graph.schema import clear_graph
    from graph.settings import get_settings

    with open_driver(get_settings()) as driver:
        occupations = driver.execute_query("MATCH (o:Occupation) RETURN count(o)").records[0][0]
        if occupations < 3000:  # empty, or a sample: start from the whole of ESCO
            clear_graph(driver)
            source = DataSource(data / "esco-v1.1.1")
            write_prepared(driver, [prepare_esco(source)])
            source.close()
        started = time.perf_counter()
        catalog = catalog_from_graph(driver)
        encoder = MiniLMEncoder(default_cache_dir())
        annotator = JobAdAnnotator(TitleNormalizer(catalog, encoder),
                                   SkillExtractor(catalog, encoder))
        built = time.perf_counter()
        prepared = prepare_job_ads(postings, annotator=annotator)
        annotated = time.perf_counter()
        report = write_prepared(driver, [prepared])
        done = time.perf_counter()
    n = prepared.stats[0].rows_read
    return {"postings": float(n), "setup_s": built - started, "annotate_s": annotated - built,
            "write_s": done - annotated, "total_s": done - started,
            "postings_per_s": n / (done - built),
            "relationships_created": float(report.relationships_created)}


if __name__ == "__main__":
    main()
