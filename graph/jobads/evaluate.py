"""Ranking metrics and the evaluation runs on the validation data in the shared data folder.

Title normalization (``vacancy_titles_validation.csv``): titles are split by a content hash into
a tuning part (``TUNE_SHARE``, used to choose the fusion weight, and as labelled titles) and a
held-out part (reported).
Skill extraction (``skill-extraction-validation``): per sentence, the gold set is the ESCO
labels of its annotated spans; RP@K and MRR follow Decorte et al. (2022). Span finding is
compared with SkillSpan's gold skill and knowledge spans.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graph.jobads.embeddings import Matrix
from graph.jobads.examples import LabelledTitle, TitleMemory
from graph.jobads.extract import SkillExtractor
from graph.jobads.fusion import Scores, ranks, reciprocal_rank_fusion
from graph.jobads.normalize import PRIOR_WEIGHT, TitleNormalizer, clean_title, log_prior
from graph.jobads.predict import WITH_ADS_LEXICAL, JobSkillPredictor, JobSkillWeights
from graph.jobads.spans import find_spans, split_sentences, tokens

TUNE_SHARE = 0.3
NO_LABEL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


# --- metrics ----------------------------------------------------------------------------------

def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    """1 / rank of the first relevant item (0 when none is ranked)."""
    for i, item in enumerate(ranked, start=1):
        if item in gold:
            return 1.0 / i
    return 0.0


def recall_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Share of the gold items found in the first ``k``."""
    if not gold:
        return 0.0
    return len(set(ranked[:k]) & gold) / len(gold)


def r_precision_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """RP@K: relevant items in the first ``k`` over ``min(k, |gold|)``."""
    if not gold:
        return 0.0
    return len(set(ranked[:k]) & gold) / min(k, len(gold))


def average_precision(ranked: Sequence[str], gold: set[str]) -> float:
    """Mean of precision at the rank of every relevant item found, over ``|gold|``."""
    if not gold:
        return 0.0
    hits, total = 0, 0.0
    for i, item in enumerate(ranked, start=1):
        if item in gold:
            hits += 1
            total += hits / i
    return total / len(gold)


def gold_ranks(scores: Scores, gold_columns: Sequence[int]) -> np.ndarray:
    """The 1-based rank of each row's gold column (for single-label tasks)."""
    r = ranks(scores)
    out: np.ndarray = r[np.arange(len(gold_columns)), np.asarray(gold_columns)]
    return out


def single_label_metrics(gold_rank: np.ndarray) -> dict[str, float]:
    """MRR and Recall@1/5/10 from the rank of each query's single gold item."""
    return {
        "MRR": float(np.mean(1.0 / gold_rank)),
        "R@1": float(np.mean(gold_rank <= 1)),
        "R@5": float(np.mean(gold_rank <= 5)),
        "R@10": float(np.mean(gold_rank <= 10)),
        "n": float(len(gold_rank)),
    }


# --- data -------------------------------------------------------------------------------------

def in_tuning_part(key: str, share: float = TUNE_SHARE) -> bool:
    """Deterministic split by content hash: True for about ``share`` of keys."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


@dataclass
class TitleExample:
    title: str
    label: str


def read_title_validation(path: Path) -> list[TitleExample]:
    """``text,label`` rows of the vacancy title validation file."""
    with path.open(encoding="utf-8", newline="") as f:
        return [TitleExample(r["text"], r["label"]) for r in csv.DictReader(f)]


@dataclass
class SentenceExample:
    """One validation sentence, its annotated spans and the ESCO labels they were linked to."""

    sentence: str
    spans: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)


def read_skill_validation(path: Path) -> list[SentenceExample]:
    """Group ``sentence,span,sub_span,label`` rows by sentence (file order kept)."""
    out: dict[str, SentenceExample] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            ex = out.setdefault(r["sentence"], SentenceExample(r["sentence"]))
            ex.spans.append(r["span"])
            if r["label"] not in NO_LABEL:
                ex.labels.add(r["label"])
    return list(out.values())


# --- title normalization ----------------------------------------------------------------------

LEXICAL_WEIGHT_GRID = (0.0, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 1.0)


@dataclass
class TitleReport:
    """Held-out metrics of each method, the chosen weight, and how many titles were used."""

    rows: dict[str, dict[str, float]]
    lexical_weight: float
    tuning: int
    held_out: int
    dropped: int
    labelled_titles: dict[str, float] = field(default_factory=dict)
    """Weights chosen for labelled titles (memory, lexical share, prior) and the tuning MRR."""


def evaluate_titles(
    normalizer: TitleNormalizer,
    examples: Sequence[TitleExample],
    *,
    grid: Sequence[float] = LEXICAL_WEIGHT_GRID,
) -> TitleReport:
    """Lexical, semantic and hybrid normalization; the fusion weight is chosen by MRR on the
    tuning part, every row is reported on the held-out part. Titles whose label is not an
    occupation of the catalog are dropped (ESCO 1.0.5 labels renamed in 1.1.1)."""
    by_label = normalizer.catalog.occupation_by_label()
    column = {c.uri: i for i, c in enumerate(normalizer.concepts)}
    kept = [e for e in examples if e.label.lower() in by_label]
    gold = np.asarray([column[by_label[e.label.lower()]] for e in kept])
    tune = np.asarray([in_tuning_part(f"{e.title}\t{e.label}") for e in kept])
    parts = normalizer.parts([e.title for e in kept], cache=True)
    lex, sem = parts.lexical, parts.semantic

    def metrics(scores: Scores, mask: np.ndarray) -> dict[str, float]:
        return single_label_metrics(gold_ranks(scores[mask], list(gold[mask])))

    rows = {"lexical (char n-gram TF-IDF)": metrics(lex, ~tune)}
    best_w = 1.0
    if sem is not None:
        rows["semantic (MiniLM cosine)"] = metrics(sem, ~tune)
        tuned = {w: metrics(normalizer.fuse(lex, sem, "hybrid", w), tune)["MRR"] for w in grid}
        best_w = max(tuned, key=lambda w: (tuned[w], -abs(w - 0.5)))
        rrf = reciprocal_rank_fusion([lex, sem])
        rows["hybrid, reciprocal-rank fusion"] = metrics(rrf, ~tune)
        hybrid = normalizer.fuse(lex, sem, "hybrid", best_w)
        rows[f"hybrid, score fusion (w_lex={best_w:g})"] = metrics(hybrid, ~tune)
        counts: dict[str, int] = {}
        for e, is_tune in zip(kept, tune, strict=True):
            if is_tune:
                uri = by_label[e.label.lower()]
                counts[uri] = counts.get(uri, 0) + 1
        prior = log_prior(normalizer.concepts, counts)
        rows[f"hybrid + occupation prior of the tuning part (w={PRIOR_WEIGHT:g})"] = metrics(
            hybrid + np.float32(PRIOR_WEIGHT) * prior[None, :], ~tune)
        assert parts.vectors is not None
        chosen = _labelled_title_rows(normalizer, kept, gold, tune, hybrid, prior,
                                      parts.vectors, rows)
        return TitleReport(rows, best_w, int(tune.sum()), int((~tune).sum()),
                           len(examples) - len(kept), chosen)
    return TitleReport(rows, best_w, int(tune.sum()), int((~tune).sum()),
                       len(examples) - len(kept))


EXAMPLE_GRID = tuple(itertools.product((0.4, 0.6, 0.8, 1.0), (0.0, 0.3, 0.5),
                                       (0.0, 0.02, 0.05, 0.1)))
"""(memory weight, lexical share of a title similarity, prior weight) tried on the tuning part."""


def _labelled_title_rows(
    normalizer: TitleNormalizer,
    kept: Sequence[TitleExample],
    gold: np.ndarray,
    tune: np.ndarray,
    hybrid: Scores,
    held_prior: Scores,
    vectors: Matrix,
    rows: dict[str, dict[str, float]],
) -> dict[str, float]:
    """The tuning part's titles as labelled examples (:mod:`graph.jobads.examples`): weights
    chosen leave-one-out on the tuning part (each title scored without itself, the prior
    without its own label), rows added for the held-out part; returns the chosen weights.
    ``held_prior`` is the log prior of the tuning part's labels, ``vectors`` the titles'."""
    assert normalizer.semantic is not None
    encoder = normalizer.semantic.encoder
    concepts = normalizer.concepts
    cleaned = [clean_title(e.title) for e in kept]
    t_idx, h_idx = np.flatnonzero(tune), np.flatnonzero(~tune)
    labelled = [LabelledTitle(kept[int(i)].title, concepts[int(gold[i])].uri) for i in t_idx]
    memory = TitleMemory(labelled, [cleaned[i] for i in t_idx],
                         {c.uri: j for j, c in enumerate(concepts)}, len(concepts), encoder,
                         lexical_weight=0.0)
    counts = np.zeros(len(concepts), dtype=np.float64)
    np.add.at(counts, gold[t_idx], 1.0)
    smoothing = 0.5  # as log_prior's
    loo = np.tile(np.log(counts + smoothing), (len(t_idx), 1))
    loo[np.arange(len(t_idx)), gold[t_idx]] = np.log(counts[gold[t_idx]] - 1 + smoothing)
    tune_prior = (loo - np.log(counts.sum() - 1 + smoothing * len(concepts))).astype(np.float32)
    best: tuple[float, float, float, float] | None = None
    memory_scores: dict[float, Scores] = {}
    for a, wl, b in EXAMPLE_GRID:
        if wl not in memory_scores:
            memory.lexical_weight = wl
            memory_scores[wl] = memory.scores([cleaned[i] for i in t_idx], vectors[t_idx],
                                              exclude=list(range(len(t_idx))))
        fused = hybrid[t_idx] + np.float32(a) * memory_scores[wl] + np.float32(b) * tune_prior
        mrr = single_label_metrics(gold_ranks(fused, list(gold[t_idx])))["MRR"]
        if best is None or mrr > best[0]:
            best = (mrr, a, wl, b)
    assert best is not None
    _, a, wl, b = best
    memory.lexical_weight = wl
    held_memory = memory.scores([cleaned[i] for i in h_idx], vectors[h_idx])
    rows[f"hybrid + labelled titles of the tuning part, memory only (w={a:g})"] = (
        single_label_metrics(gold_ranks(hybrid[h_idx] + np.float32(a) * held_memory,
                                        list(gold[h_idx]))))
    rows[f"hybrid + labelled titles, memory and prior (w={a:g}, w_lex={wl:g}, "
         f"prior {b:g})"] = single_label_metrics(gold_ranks(
             hybrid[h_idx] + np.float32(a) * held_memory + np.float32(b) * held_prior[None, :],
             list(gold[h_idx])))
    return {"example_weight": a, "example_lexical_weight": wl, "prior_weight": b,
            "tuning_MRR": best[0]}


# --- skill extraction -------------------------------------------------------------------------

@dataclass
class SkillReport:
    """Per-sentence ranking metrics of each method on one validation set."""

    name: str
    rows: dict[str, dict[str, float]]
    sentences: int
    lexical_weight: float
    sentence_weight: float


def ranking_metrics(scores: Scores, gold: Sequence[set[int]], ks: Sequence[int] = (5, 10)
                    ) -> dict[str, float]:
    """Mean RP@K and MRR over rows; ``gold`` holds each row's relevant columns."""
    from graph.jobads.fusion import top_k

    idx, _ = top_k(scores, max(100, *ks))
    out: dict[str, float] = {}
    ranked = [[int(j) for j in row] for row in idx]
    for k in ks:
        out[f"RP@{k}"] = float(np.mean([r_precision_at_k(r, g, k)  # type: ignore[arg-type]
                                        for r, g in zip(ranked, gold, strict=True)]))
    out["MRR"] = float(np.mean([reciprocal_rank(r, g)  # type: ignore[arg-type]
                                for r, g in zip(ranked, gold, strict=True)]))
    out["n"] = float(len(gold))
    return out


def evaluate_skill_ranking(
    extractor: SkillExtractor,
    examples: Sequence[SentenceExample],
    name: str,
    *,
    lexical_weight: float | None = None,
    sentence_weight: float | None = None,
) -> SkillReport:
    """RP@5, RP@10 and MRR per sentence of the extractor next to whole-sentence MiniLM cosine
    against preferred labels (the benchmark's plain baseline). Sentences without an ESCO label
    are left out, as in the benchmark."""
    by_label = extractor.catalog.skill_by_label()
    column = {c.uri: i for i, c in enumerate(extractor.concepts)}
    kept = [(e, {column[by_label[lb.lower()]] for lb in e.labels if lb.lower() in by_label})
            for e in examples]
    kept = [(e, g) for e, g in kept if g]
    sentences = [e.sentence for e, _ in kept]
    gold = [g for _, g in kept]
    table = extractor.span_table(sentences, cache=True)
    rows: dict[str, dict[str, float]] = {}
    if extractor.semantic is not None:
        labels_only = extractor.semantic.vectors[extractor.semantic.forms.starts]
        vectors = extractor.encoder_vectors(sentences)
        rows["whole-sentence MiniLM cosine (preferred labels)"] = ranking_metrics(
            vectors @ labels_only.T, gold)
    combined = extractor.combine(table, lexical_weight=lexical_weight,
                                 sentence_weight=sentence_weight)
    rows["spans + hybrid linking"] = ranking_metrics(combined.scores, gold)
    return SkillReport(
        name, rows, len(kept),
        extractor.lexical_weight if lexical_weight is None else lexical_weight,
        extractor.sentence_weight if sentence_weight is None else sentence_weight,
    )


def tune_skill_weights(
    extractor: SkillExtractor,
    examples: Sequence[SentenceExample],
    *,
    lexical_grid: Sequence[float] = (0.0, 0.2, 0.3, 0.4, 0.5),
    sentence_grid: Sequence[float] = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6),
) -> tuple[float, float, float]:
    """The (lexical, sentence) weights with the best RP@5 on ``examples``, and that RP@5."""
    by_label = extractor.catalog.skill_by_label()
    column = {c.uri: i for i, c in enumerate(extractor.concepts)}
    pairs = [(e.sentence, {column[by_label[lb.lower()]] for lb in e.labels
                           if lb.lower() in by_label}) for e in examples]
    pairs = [(s, g) for s, g in pairs if g]
    table = extractor.span_table([s for s, _ in pairs], cache=True)
    gold = [g for _, g in pairs]
    best = (extractor.lexical_weight, extractor.sentence_weight, -1.0)
    for lw in lexical_grid:
        for sw in sentence_grid:
            rp = ranking_metrics(extractor.combine(table, lexical_weight=lw,
                                                   sentence_weight=sw).scores, gold)["RP@5"]
            if rp > best[2]:
                best = (lw, sw, rp)
    return best


# --- span finding -----------------------------------------------------------------------------

def _norm_tokens(text: str) -> list[str]:
    return [t.text.lower() for t in tokens(text) if any(ch.isalnum() for ch in t.text)]


def _overlap_f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    if common == 0:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def evaluate_span_finder(postings: Sequence[dict[str, object]], *, loose: float = 0.5
                         ) -> dict[str, dict[str, float]]:
    """Precision and recall of :func:`find_spans` against SkillSpan gold skill and knowledge
    spans, per posting: exact (same tokens) and loose (token F1 >= ``loose``)."""
    tp_pred = {"exact": 0, "loose": 0}
    tp_gold = {"exact": 0, "loose": 0}
    n_pred = n_gold = 0
    for post in postings:
        text = str(post["text"])
        gold_spans = [*_strings(post.get("skill_spans")), *_strings(post.get("knowledge_spans"))]
        gold = [_norm_tokens(g) for g in gold_spans]
        pred = [_norm_tokens(s.text) for sent in split_sentences(text)
                for s in find_spans(sent.text)]
        n_pred += len(pred)
        n_gold += len(gold)
        gold_set = {tuple(g) for g in gold}
        pred_set = {tuple(p) for p in pred}
        tp_pred["exact"] += sum(tuple(p) in gold_set for p in pred)
        tp_gold["exact"] += sum(tuple(g) in pred_set for g in gold)
        tp_pred["loose"] += sum(any(_overlap_f1(p, g) >= loose for g in gold) for p in pred)
        tp_gold["loose"] += sum(any(_overlap_f1(p, g) >= loose for p in pred) for g in gold)
    out: dict[str, dict[str, float]] = {}
    for mode in ("exact", "loose"):
        p = tp_pred[mode] / max(n_pred, 1)
        r = tp_gold[mode] / max(n_gold, 1)
        out[mode] = {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
                     "predicted": float(n_pred), "gold": float(n_gold)}
    return out


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


# --- skills for a title -----------------------------------------------------------------------

def job_skill_gold(
    extractor: SkillExtractor, postings: Sequence[dict[str, object]], *,
    link_threshold: float = 0.6,
) -> list[tuple[str, set[str]]]:
    """``(cleaned title, skills)`` per posting: the best ESCO skill of each gold SkillSpan span
    whose fused score reaches ``link_threshold`` (postings with none are left out)."""
    spans_of = [[*_strings(p.get("skill_spans")), *_strings(p.get("knowledge_spans"))]
                for p in postings]
    unique = list(dict.fromkeys(s for spans in spans_of for s in spans))
    best = {text: found[0] for text, found in
            zip(unique, extractor.link(unique, cache=True), strict=True) if found}
    out: list[tuple[str, set[str]]] = []
    for post, spans in zip(postings, spans_of, strict=True):
        gold = {best[s].uri for s in spans if s in best and best[s].score >= link_threshold}
        if gold:
            out.append((clean_title(str(post["title"])), gold))
    return out


SIGNAL_ROWS = {
    "title -> occupations -> REQUIRES": JobSkillWeights(semantic=0.0, requires=1.0),
    "MiniLM cosine title vs skill labels": JobSkillWeights(semantic=1.0, requires=0.0),
    "skills the job ads in the graph mention (popularity)": JobSkillWeights(
        semantic=0.0, requires=0.0, popularity=1.0),
    "skills of the ads with the nearest titles": JobSkillWeights(
        semantic=0.0, requires=0.0, neighbours=1.0),
    "requires + popularity (the default blend without MiniLM)": WITH_ADS_LEXICAL,
}

JOB_SKILL_GRID = tuple(
    JobSkillWeights(semantic=a, requires=b, popularity=c, neighbours=d)
    for a, b, c, d in itertools.product((0.0, 0.2, 0.4, 0.6, 0.8), (0.0, 0.1, 0.2, 0.4),
                                        (0.0, 0.2, 0.4, 0.6), (0.0, 0.2, 0.4, 0.6))
    if a + b + c + d > 0
)


def evaluate_job_skills(
    predictor: JobSkillPredictor,
    gold: Sequence[tuple[str, set[str]]],
    *,
    weights: JobSkillWeights | None = None,
    exclude: Sequence[int] | None = None,
    k: int = 100,
) -> dict[str, dict[str, float]]:
    """MAP and RP@10 of skills predicted from a posting's title alone against ``gold``
    (:func:`job_skill_gold`): each signal alone (those the predictor has) and the blend of
    ``weights`` (default: the predictor's). ``exclude[r]`` is the row of posting ``r`` among
    the predictor's job ads, left out when it scores that posting (leave-one-out)."""
    titles = [t for t, _ in gold]
    sets = [g for _, g in gold]
    signals = predictor.signals(titles, exclude=exclude)
    rows = {name: _set_metrics(_ranked(predictor, JobSkillPredictor.blend(signals, w), k), sets)
            for name, w in SIGNAL_ROWS.items() if predictor.can_use(w)}
    w = weights or predictor.weights
    name = (f"blend (semantic {w.semantic:g}, requires {w.requires:g}, popularity "
            f"{w.popularity:g}, neighbours {w.neighbours:g})")
    rows[name] = _set_metrics(_ranked(predictor, JobSkillPredictor.blend(signals, w), k), sets)
    return rows


def tune_job_skill_weights(
    predictor: JobSkillPredictor,
    gold: Sequence[tuple[str, set[str]]],
    *,
    exclude: Sequence[int] | None = None,
    grid: Sequence[JobSkillWeights] = JOB_SKILL_GRID,
) -> tuple[JobSkillWeights, float]:
    """The weights with the best MAP on ``gold`` (signals without what the predictor lacks)."""
    titles = [t for t, _ in gold]
    sets = [g for _, g in gold]
    signals = predictor.signals(titles, exclude=exclude)
    usable = [w for w in grid if predictor.can_use(w)]
    scored = {w: _set_metrics(_ranked(predictor, JobSkillPredictor.blend(signals, w), 100),
                              sets)["MAP"] for w in usable}
    best = max(scored, key=lambda w: scored[w])
    return best, scored[best]


def _ranked(predictor: JobSkillPredictor, scores: np.ndarray, k: int) -> list[list[str]]:
    from graph.jobads.fusion import top_k

    uris = [c.uri for c in predictor.catalog.skills]
    idx, _ = top_k(scores.astype(np.float32), k)
    return [[uris[int(j)] for j in row] for row in idx]


def _set_metrics(ranked: Sequence[Sequence[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    return {
        "MAP": float(np.mean([average_precision(r, g) for r, g in zip(ranked, gold, strict=True)])),
        "RP@10": float(np.mean([r_precision_at_k(r, g, 10)
                                for r, g in zip(ranked, gold, strict=True)])),
        "n": float(len(gold)),
        "gold skills per posting": float(np.mean([len(g) for g in gold])),
    }


# --- extraction threshold ---------------------------------------------------------------------

THRESHOLD_GRID = tuple(round(0.40 + 0.025 * i, 3) for i in range(17))


def _gold_columns(extractor: SkillExtractor, examples: Sequence[SentenceExample]
                  ) -> list[tuple[str, set[int]]]:
    by_label = extractor.catalog.skill_by_label()
    column = {c.uri: i for i, c in enumerate(extractor.concepts)}
    pairs = [(e.sentence, {column[by_label[lb.lower()]] for lb in e.labels
                           if lb.lower() in by_label}) for e in examples]
    return [(s, g) for s, g in pairs if g]


def extraction_prf(scores: Scores, gold: Sequence[set[int]], threshold: float, k: int = 10
                   ) -> dict[str, float]:
    """Micro precision, recall and F1 of the skills scoring >= ``threshold`` (best ``k``)."""
    from graph.jobads.fusion import top_k

    idx, vals = top_k(scores, k)
    tp = n_pred = 0
    for row, row_vals, g in zip(idx, vals, gold, strict=True):
        predicted = {int(j) for j, v in zip(row, row_vals, strict=True) if v >= threshold}
        tp += len(predicted & g)
        n_pred += len(predicted)
    n_gold = sum(len(g) for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "threshold": threshold}


def tune_threshold(
    extractor: SkillExtractor,
    tuning: Sequence[SentenceExample],
    held_out: Sequence[SentenceExample],
    *,
    grid: Sequence[float] = THRESHOLD_GRID,
) -> tuple[dict[str, float], dict[str, float]]:
    """The threshold with the best micro F1 on ``tuning``; its P/R/F1 there and on ``held_out``."""
    tune_pairs = _gold_columns(extractor, tuning)
    tune_scores = extractor.combine(
        extractor.span_table([s for s, _ in tune_pairs], cache=True)).scores
    tune_gold = [g for _, g in tune_pairs]
    best = max((extraction_prf(tune_scores, tune_gold, t) for t in grid),
               key=lambda m: m["F1"])
    held_pairs = _gold_columns(extractor, held_out)
    held_scores = extractor.combine(
        extractor.span_table([s for s, _ in held_pairs], cache=True)).scores
    return best, extraction_prf(held_scores, [g for _, g in held_pairs], best["threshold"])
