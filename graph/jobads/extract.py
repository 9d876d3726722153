"""Skill extraction: candidate spans of each sentence linked to ESCO skills.

Every candidate span (and its shorter pieces) is scored against every skill by the fused
lexical (char n-gram TF-IDF) and semantic (MiniLM) similarity over the skill's preferred,
alternative and hidden labels. A skill's score in a sentence is its best span score, blended
with the similarity of the whole sentence; skills above ``threshold`` are reported with the
span that matched best. Weights and threshold are chosen on the validation annotations
(``graph.jobads.evaluate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.errors import ModelError
from graph.jobads.embeddings import Matrix, MemoEncoder, TextEncoder
from graph.jobads.fusion import Scores, top_k, weighted_fusion
from graph.jobads.labels import FORM_ALT, FORM_HIDDEN, FORM_LABEL, EscoCatalog
from graph.jobads.retrieval import LexicalIndex, SemanticIndex, SurfaceForms
from graph.jobads.spans import Span, find_spans, ngram_spans, split_sentences, sub_spans
from graph.loaders.writer import NullProgress, ProgressSink

LEXICAL_WEIGHT = 0.2
"""Weight of the lexical score in a span's fused score (semantic gets the rest)."""
SENTENCE_WEIGHT = 0.5
"""Weight of the whole-sentence similarity in a skill's sentence score."""
NGRAM_WEIGHT = 0.7
"""Discount of the lexical score of n-grams scored lexically only (``semantic_ngrams=False``)."""
THRESHOLD = 0.575
"""Sentence score from which a skill counts as mentioned (best micro F1 on the tuning half)."""
LEXICAL_NGRAMS = (3, 4)
LEXICAL_MAX_DF = 0.01
"""Character 3-4-grams found in at most 1 % of the ~111,000 skill forms: a hundred times faster
than all 2-4-grams over short spans, for the same linking quality on the validation sets."""
SEMANTIC_KINDS: tuple[str, ...] = (FORM_LABEL,)
"""Forms the semantic index embeds: the 13,896 preferred labels (the ~97,000 alternative labels
are matched lexically; embedding them too costs minutes of CPU for little gain)."""


@dataclass(frozen=True)
class SkillMention:
    """A skill found in a text: URI, preferred label, score and the span that matched best."""

    uri: str
    label: str
    score: float
    span: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"id": self.uri, "label": self.label, "score": round(self.score, 6),
                "span": self.span, "start": self.start, "end": self.end}


@dataclass
class SpanTable:
    """Candidate spans of a batch of sentences with their scores against every skill."""

    sentences: list[str]
    spans: list[list[Span]]
    texts: dict[str, int]
    lexical: Scores
    semantic: Scores | None
    semantic_row: np.ndarray
    """Row of each text in ``semantic`` (-1: scored lexically only)."""
    sentence_scores: Scores


@dataclass
class SentenceScores:
    """Scores of every skill for a batch of sentences, and the best span of each."""

    scores: Scores
    best_span: list[list[Span]]
    best_span_index: np.ndarray


class SkillExtractor:
    """Finds and links skill mentions (see the module docstring)."""

    def __init__(
        self,
        catalog: EscoCatalog,
        encoder: TextEncoder | None,
        *,
        lexical_weight: float = LEXICAL_WEIGHT,
        sentence_weight: float = SENTENCE_WEIGHT,
        ngram_weight: float = NGRAM_WEIGHT,
        semantic_ngrams: bool = True,
        threshold: float = THRESHOLD,
        batch_sentences: int = 64,
        semantic_kinds: Sequence[str] = SEMANTIC_KINDS,
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir`` keeps the fitted lexical index on disk
        (:class:`~graph.jobads.retrieval.LexicalIndex`)."""
        self.catalog = catalog
        self.concepts = catalog.skills
        self.forms = SurfaceForms.of(self.concepts, kinds=(FORM_LABEL, FORM_ALT, FORM_HIDDEN))
        self.lexical = LexicalIndex(self.forms, ngram_range=LEXICAL_NGRAMS,
                                    max_df=LEXICAL_MAX_DF, cache_dir=cache_dir)
        self.semantic = None
        if encoder is not None:
            forms = SurfaceForms.of(self.concepts, kinds=semantic_kinds)
            self.semantic = SemanticIndex(forms, encoder, description="Encoding skills")
        self.lexical_weight = lexical_weight
        self.sentence_weight = sentence_weight
        self.ngram_weight = ngram_weight
        self.semantic_ngrams = semantic_ngrams
        self.threshold = threshold
        self.batch_sentences = batch_sentences

    # --- scoring ----------------------------------------------------------------------------

    def span_parts(
        self, texts: Sequence[str], *, cache: bool = False
    ) -> tuple[Scores, Scores | None]:
        lex = self.lexical.scores(texts)
        sem = (self.semantic.scores(texts, description="Encoding spans", cache=cache)
               if self.semantic is not None else None)
        return lex, sem

    def fused(self, lex: Scores, sem: Scores | None, lexical_weight: float | None = None) -> Scores:
        if sem is None:
            return lex
        w = self.lexical_weight if lexical_weight is None else lexical_weight
        return weighted_fusion([lex, sem], [w, 1.0 - w])

    def candidate_spans(self, sentence: str) -> tuple[list[Span], list[str]]:
        """The candidate spans of one sentence, and the texts among them linked semantically
        (spans and their conjunction parts; n-grams too when ``semantic_ngrams``)."""
        spans: list[Span] = []
        semantic: list[str] = []
        for span in find_spans(sentence):
            for s in (span, *sub_spans(sentence, span)):
                spans.append(s)
                semantic.append(s.text)
            for s in ngram_spans(sentence, span):
                spans.append(s)
                if self.semantic_ngrams:
                    semantic.append(s.text)
        return spans, semantic

    def span_table(
        self,
        sentences: Sequence[str],
        *,
        cache: bool = False,
        encoder: TextEncoder | None = None,
    ) -> SpanTable:
        """Candidate spans of each sentence and their scores for every skill; ``cache`` keeps
        span and sentence vectors on disk (evaluation data); ``encoder`` replaces the semantic
        index's own (a :class:`MemoEncoder` shared by the batches of one extraction).

        Spans and their conjunction parts are scored lexically and semantically; the shorter
        content-word n-grams too unless ``semantic_ngrams`` is off (then they are scored
        lexically only, discounted by ``ngram_weight``: about twice as fast, RP@5 about 0.05
        lower on the validation sets).
        """
        spans_of: list[list[Span]] = []
        texts: dict[str, int] = {}
        semantic_texts: dict[str, int] = {}
        for sentence in sentences:
            spans, linked = self.candidate_spans(sentence)
            for t in linked:
                semantic_texts.setdefault(t, len(semantic_texts))
            spans_of.append(spans)
            for s in spans:
                texts.setdefault(s.text, len(texts))
        n_skills = len(self.concepts)
        lexical = (self.lexical.scores(list(texts)) if texts
                   else np.zeros((0, n_skills), np.float32))
        semantic = None
        sentence_scores: Scores
        if self.semantic is None:
            sentence_scores = self.lexical.scores(list(sentences))
        else:
            vectors = encoder or self.semantic.encoder
            if semantic_texts:
                semantic = self.semantic.scores_for_vectors(vectors.encode(
                    list(semantic_texts), description="Encoding spans", cache=cache))
            sentence_scores = self.semantic.scores_for_vectors(vectors.encode(
                list(sentences), description="Encoding sentences", cache=cache))
        semantic_row = np.asarray([semantic_texts.get(t, -1) for t in texts], dtype=np.int64)
        return SpanTable(list(sentences), spans_of, texts, lexical, semantic, semantic_row,
                         sentence_scores)

    def combine(
        self,
        table: SpanTable,
        *,
        lexical_weight: float | None = None,
        sentence_weight: float | None = None,
        ngram_weight: float | None = None,
    ) -> SentenceScores:
        """Each skill's score per sentence: best span (fused) blended with the whole sentence."""
        sw = self.sentence_weight if sentence_weight is None else sentence_weight
        nw = self.ngram_weight if ngram_weight is None else ngram_weight
        if table.semantic is None:
            span_scores = table.lexical  # lexical only: nothing to discount against
        else:
            span_scores = table.lexical * np.float32(nw)
            has = table.semantic_row >= 0
            span_scores[has] = self.fused(table.lexical[has],
                                          table.semantic[table.semantic_row[has]],
                                          lexical_weight)
        n_skills = len(self.concepts)
        out = np.zeros((len(table.sentences), n_skills), dtype=np.float32)
        best_index = np.full((len(table.sentences), n_skills), -1, dtype=np.int64)
        for i, spans in enumerate(table.spans):
            if spans:
                rows = span_scores[[table.texts[s.text] for s in spans]]
                best_index[i] = rows.argmax(axis=0)
                out[i] = rows.max(axis=0)
        out = (1.0 - sw) * out + sw * table.sentence_scores
        return SentenceScores(out.astype(np.float32), table.spans, best_index)

    def score_sentences(
        self, sentences: Sequence[str], *, encoder: TextEncoder | None = None
    ) -> SentenceScores:
        """Score every skill for each sentence (offsets of spans are into the sentence)."""
        return self.combine(self.span_table(sentences, encoder=encoder))

    def prefetch(self, sentences: Sequence[str]) -> MemoEncoder | None:
        """Every distinct span and sentence text of ``sentences`` encoded in one call (one
        model pass per distinct text, batches of similar lengths), kept in memory by text."""
        if self.semantic is None:
            return None
        memo = MemoEncoder(self.semantic.encoder)
        wanted: dict[str, None] = {}
        for sentence in sentences:
            wanted.update(dict.fromkeys(self.candidate_spans(sentence)[1]))
        wanted.update(dict.fromkeys(sentences))
        memo.encode(list(wanted), description="Encoding spans and sentences")
        return memo

    def encoder_vectors(self, texts: Sequence[str]) -> Matrix:
        """MiniLM vectors of ``texts`` (requires the semantic index)."""
        if self.semantic is None:
            raise ModelError("expected a sentence encoder; this extractor is lexical only")
        return self.semantic.encoder.encode(texts, description="Encoding texts", cache=True)

    def link(self, texts: Sequence[str], k: int = 1, *, cache: bool = False
             ) -> list[list[SkillMention]]:
        """The ``k`` skills closest to each text taken as one span (no span finding)."""
        lex, sem = self.span_parts(texts, cache=cache)
        idx, vals = top_k(self.fused(lex, sem), k)
        return [
            [SkillMention(self.concepts[int(j)].uri, self.concepts[int(j)].label, float(v),
                          text, 0, len(text)) for j, v in zip(row, row_vals, strict=True)]
            for text, row, row_vals in zip(texts, idx, vals, strict=True)
        ]

    # --- extraction -------------------------------------------------------------------------

    def extract(
        self,
        texts: Sequence[str],
        k: int = 20,
        *,
        threshold: float | None = None,
        progress: ProgressSink | None = None,
    ) -> list[list[SkillMention]]:
        """The skills each text mentions (best ``k`` above ``threshold``), best first.

        Texts are split into sentences; a skill found in several sentences keeps its best score
        and span (offsets into the whole text).
        """
        cut = self.threshold if threshold is None else threshold
        pieces: list[tuple[int, Span]] = []
        for doc, text in enumerate(texts):
            pieces.extend((doc, s) for s in split_sentences(text))
        best: list[dict[int, SkillMention]] = [{} for _ in texts]
        per_sentence = max(k, 10)
        memo = self.prefetch([s.text for _, s in pieces])
        sink: ProgressSink = progress or NullProgress()
        sink.start("Extracting skills (sentences)", len(pieces))
        for start in range(0, len(pieces), self.batch_sentences):
            batch = pieces[start:start + self.batch_sentences]
            scored = self.score_sentences([s.text for _, s in batch], encoder=memo)
            idx, vals = top_k(scored.scores, per_sentence)
            for row, (doc, sentence) in enumerate(batch):
                for j, v in zip(idx[row], vals[row], strict=True):
                    if v < cut:
                        break
                    found = best[doc].get(int(j))
                    if found is not None and found.score >= v:
                        continue
                    span_i = int(scored.best_span_index[row, j])
                    spans = scored.best_span[row]
                    span = spans[span_i] if 0 <= span_i < len(spans) else Span(sentence.text, 0,
                                                                                len(sentence.text))
                    c = self.concepts[int(j)]
                    best[doc][int(j)] = SkillMention(
                        c.uri, c.label, float(v), span.text,
                        sentence.start + span.start, sentence.start + span.end,
                    )
            sink.advance(len(batch))
        sink.finish()
        return [sorted(found.values(), key=lambda m: (-m.score, m.uri))[:k] for found in best]
