"""Title normalization backends: Neo4j's indexes against the in-process matrices.

    HF_HUB_OFFLINE=1 python benchmarks/title_backends.py [--data ../shared/data] [--titles N]

A throwaway Neo4j gets the ESCO occupations (preferred, alternative and hidden labels, under
the same full-text index as ``cypher/schema.cypher``) and one ``:TitleForm`` node per label
with its MiniLM vector under a cosine vector index. On held-out titles of
``vacancy_titles_validation.csv`` (the part ``benchmarks/jobads.py`` reports on), each
retriever ranks occupations and is timed in the same run:

- lexical: Neo4j full-text (Lucene, the API's safe query of the title's words) against the
  in-process character n-gram TF-IDF matrix;
- semantic: the Neo4j vector index (top 100 forms a title, best form per occupation) against
  the in-process matrix product with every form. Title encoding is timed apart on 500 titles
  (both need it); the vectors of all titles come from the embedding cache.

Both Neo4j retrievers are sent in batches of 100 titles (``UNWIND``), one round trip a batch.

A second table fuses the full-text scores (divided by each title's best) with the in-process
ones, weights chosen on the tuning part of the titles, rows on the held-out part.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import neo4j
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import data_dir, throwaway_server

BATCH = 100
TOP_FORMS = 100
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)

FULLTEXT_QUERY = """
UNWIND $rows AS row
CALL db.index.fulltext.queryNodes('occupation_text', row.q, {limit: $limit})
YIELD node, score
RETURN row.i AS i, collect([node.uri, score]) AS hits
"""

VECTOR_QUERY = """
UNWIND $rows AS row
CALL db.index.vector.queryNodes('title_form_vector', $limit, row.v) YIELD node, score
RETURN row.i AS i, collect([node.owner, score * node.weight]) AS hits
"""


def _mrr_r10(ranked: Sequence[Sequence[str]], gold: Sequence[str]) -> tuple[float, float]:
    rr, hit = [], []
    for r, g in zip(ranked, gold, strict=True):
        pos = list(r).index(g) + 1 if g in r else 0
        rr.append(1.0 / pos if pos else 0.0)
        hit.append(1.0 if 0 < pos <= 10 else 0.0)
    return float(np.mean(rr)), float(np.mean(hit))


def _fulltext(driver: neo4j.Driver, titles: Sequence[str], column: dict[str, int],
              n: int) -> tuple[list[list[str]], np.ndarray]:
    """Full-text hits of every title: ranked URIs and a (titles x occupations) score matrix
    scaled to each row's best."""
    from api.validation import lucene_query

    ranked: list[list[str]] = [[] for _ in titles]
    matrix = np.zeros((len(titles), n), dtype=np.float32)
    rows = [{"i": i, "q": lucene_query(t) or "x"} for i, t in enumerate(titles)]
    for start in range(0, len(rows), BATCH):
        for r in driver.execute_query(FULLTEXT_QUERY, rows=rows[start:start + BATCH],
                                      limit=TOP_FORMS).records:
            ranked[r["i"]] = [str(u) for u, _ in r["hits"]]
            for uri, score in r["hits"]:
                matrix[r["i"], column[str(uri)]] = float(score)
    top = matrix.max(axis=1, keepdims=True)
    return ranked, matrix / np.where(top > 0, top, 1.0)


def _top(scores: np.ndarray, uris: Sequence[str], k: int = 100) -> list[list[str]]:
    idx = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[uris[int(j)] for j in row] for row in idx]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--titles", type=int, default=0,
                        help="Held-out titles to use (default: all 10,767).")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from rich.console import Console
    from rich.table import Table

    from graph.jobads.embeddings import MiniLMEncoder, default_cache_dir
    from graph.jobads.evaluate import in_tuning_part, read_title_validation
    from graph.jobads.labels import catalog_from_csv
    from graph.jobads.normalize import clean_title
    from graph.jobads.retrieval import LexicalIndex, SemanticIndex, SurfaceForms
    from graph.schema import apply_schema

    catalog = catalog_from_csv(args.data / "esco-v1.1.1")
    by_label = catalog.occupation_by_label()
    kept = [e for e in read_title_validation(
        args.data / "job-ads" / "vacancy_titles_validation.csv") if e.label.lower() in by_label]
    tuning = [e for e in kept if in_tuning_part(f"{e.title}\t{e.label}")]
    examples = [e for e in kept if not in_tuning_part(f"{e.title}\t{e.label}")]
    examples = examples[:args.titles] if args.titles > 0 else examples
    titles = [clean_title(e.title) for e in examples]
    gold = [by_label[e.label.lower()] for e in examples]
    uris = [c.uri for c in catalog.occupations]
    forms = SurfaceForms.of(catalog.occupations)
    encoder = MiniLMEncoder(default_cache_dir())
    semantic = SemanticIndex(forms, encoder, description="Encoding occupation labels")
    lexical = LexicalIndex(forms)
    results: dict[str, tuple[float, float, float]] = {}

    sample = titles[:500]
    started = time.perf_counter()
    encoder.encode(sample, description="Encoding 500 titles (timed)")
    encode_ms = (time.perf_counter() - started) * 1000 / len(sample)
    vectors = encoder.encode(titles, description="Encoding titles", cache=True)

    started = time.perf_counter()
    lex_scores = lexical.scores(titles)
    lex_ms = (time.perf_counter() - started) * 1000 / len(titles)
    results["lexical, in-process TF-IDF"] = (*_mrr_r10(_top(lex_scores, uris), gold), lex_ms)
    started = time.perf_counter()
    sem_scores = semantic.scores_for_vectors(vectors)
    sem_ms = (time.perf_counter() - started) * 1000 / len(titles)
    results["semantic, in-process matrix"] = (*_mrr_r10(_top(sem_scores, uris), gold), sem_ms)

    with throwaway_server() as (driver, _):
        apply_schema(driver)
        occ_rows = [{"uri": c.uri, "label": c.label, "alt": list(c.alt_labels),
                     "hidden": list(c.hidden_labels)} for c in catalog.occupations]
        driver.execute_query(
            "UNWIND $rows AS r CREATE (:Occupation {uri: r.uri, label: r.label, "
            "altLabels: r.alt, hiddenLabels: r.hidden})", rows=occ_rows)
        form_rows = [{"owner": uris[int(o)], "weight": float(w), "v": v.tolist()}
                     for o, w, v in zip(forms.owners, forms.weights, semantic.vectors,
                                        strict=True)]
        for start in range(0, len(form_rows), 2000):
            driver.execute_query(
                "UNWIND $rows AS r CREATE (f:TitleForm {owner: r.owner, weight: r.weight}) "
                "WITH f, r CALL db.create.setNodeVectorProperty(f, 'vector', r.v)",
                rows=form_rows[start:start + 2000])
        driver.execute_query(
            "CREATE VECTOR INDEX title_form_vector IF NOT EXISTS FOR (f:TitleForm) ON f.vector "
            "OPTIONS {indexConfig: {`vector.dimensions`: $d, "
            "`vector.similarity_function`: 'cosine', `vector.quantization.enabled`: false}}",
            d=int(semantic.vectors.shape[1]))
        driver.execute_query("CALL db.awaitIndexes(600)")

        def batches(make_row: Callable[[int], dict[str, object]]
                    ) -> list[list[dict[str, object]]]:
            rows = [make_row(i) for i in range(len(titles))]
            return [rows[s:s + BATCH] for s in range(0, len(rows), BATCH)]

        column = {u: i for i, u in enumerate(uris)}
        _fulltext(driver, titles[:1], column, len(uris))  # warm-up
        started = time.perf_counter()
        ranked, ft_scores = _fulltext(driver, titles, column, len(uris))
        ft_ms = (time.perf_counter() - started) * 1000 / len(titles)
        results["lexical, Neo4j full-text index"] = (*_mrr_r10(ranked, gold), ft_ms)
        tuning_titles = [clean_title(e.title) for e in tuning]
        _, ft_tuning = _fulltext(driver, tuning_titles, column, len(uris))

        driver.execute_query(VECTOR_QUERY, rows=[{"i": 0, "v": vectors[0].tolist()}],
                             limit=TOP_FORMS)
        started = time.perf_counter()
        ranked = [[] for _ in titles]
        for batch in batches(lambda i: {"i": i, "v": vectors[i].tolist()}):
            for r in driver.execute_query(VECTOR_QUERY, rows=batch, limit=TOP_FORMS).records:
                best: dict[str, float] = {}
                for owner, score in r["hits"]:
                    best[owner] = max(best.get(owner, 0.0), float(score))
                ranked[r["i"]] = sorted(best, key=lambda u: -best[u])
        vec_ms = (time.perf_counter() - started) * 1000 / len(titles)
        results["semantic, Neo4j vector index (top 100 forms)"] = (*_mrr_r10(ranked, gold),
                                                                   vec_ms)

    table = Table(title=f"Title retrieval backends, {len(titles):,} held-out titles, "
                        f"{len(forms.texts):,} label forms of {len(uris):,} occupations")
    for col in ("retriever", "MRR", "R@10", "ms per title", "vs in-process"):
        table.add_column(col, justify="left" if col == "retriever" else "right")
    base = {"lexical": lex_ms, "semantic": sem_ms}
    for name, (mrr, r10, ms) in results.items():
        table.add_row(name, f"{mrr:.3f}", f"{r10:.3f}", f"{ms:.2f}",
                      f"{ms / base[name.split(',')[0]]:.1f}x")
    Console().print(table)
    print(f"MiniLM title encoding (both semantic retrievers need it): {encode_ms:.2f} ms a title")

    tuning_gold = [by_label[e.label.lower()] for e in tuning]
    tuning_parts = (lexical.scores(tuning_titles), ft_tuning,
                    semantic.scores_for_vectors(encoder.encode(
                        tuning_titles, description="Encoding tuning titles", cache=True)))
    held_parts = (lex_scores, ft_scores, sem_scores)
    fused = Table(title="Fused with MiniLM (weights chosen on the tuning part, "
                        f"{len(tuning):,} titles; rows on the held-out part)")
    for col in ("lexical part", "w TF-IDF", "w full-text", "MRR", "R@10"):
        fused.add_column(col, justify="left" if col == "lexical part" else "right")
    for name, grid in (("TF-IDF (shipped)", [(a, 0.0) for a in WEIGHTS]),
                       ("Neo4j full-text", [(0.0, b) for b in WEIGHTS]),
                       ("both", [(a, b) for a in WEIGHTS for b in WEIGHTS if a + b <= 1])):
        def blend(parts: tuple[np.ndarray, ...], w: tuple[float, float]) -> np.ndarray:
            return np.asarray(w[0] * parts[0] + w[1] * parts[1]
                              + (1 - w[0] - w[1]) * parts[2])

        chosen = max(grid, key=lambda w: _mrr_r10(_top(blend(tuning_parts, w), uris),
                                                  tuning_gold)[0])
        mrr, r10 = _mrr_r10(_top(blend(held_parts, chosen), uris), gold)
        fused.add_row(name, f"{chosen[0]:g}", f"{chosen[1]:g}", f"{mrr:.3f}", f"{r10:.3f}")
    Console().print(fused)


if __name__ == "__main__":
    main()
