"""Sentence splitting and candidate skill spans, without a parser.

A posting is split into sentences at line breaks and sentence-final punctuation. Within a
sentence, candidate spans are the stretches between punctuation marks, trimmed of function words
and filler ("experience with", "strong", "years of") at both edges; long stretches are also
split at conjunctions. :func:`sub_spans` (the parts around "and"/"or") and :func:`ngram_spans`
(runs of content words) add the shorter pieces linking benefits from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_SPAN_TOKENS = 12
MAX_NGRAM = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words("""
a an the and or nor but of in on at to for from by with within without into onto over under as
is are was were be been being am do does did have has had having will would shall should can
could may might must not no yes this that these those it its it's we our ours you your yours they
their them he she his her i me my us who whom whose which what when where why how all any both
each every some such other than then so too very also just only own same via per etc e.g i.e eg
ie etc. plus including include includes like well more most less least about across after before
if while whilst while during up down out off again further once here there
""")

FILLER = _words("""
experience experienced knowledge understanding ability abilities able skill skills skilled strong
good great excellent solid proven demonstrated deep sound basic advanced working familiarity
familiar proficiency proficient expertise expert year years yrs month months required requirement
requirements preferred desirable desired nice bonus ideally ideal minimum least least+ track record
candidate candidates role position team looking seeking opportunity responsibilities
responsibility qualifications qualification profile tasks duties job description someone person
new hands-on relevant related similar various multiple several least years' preferably
""")

CONJUNCTIONS = frozenset({"and", "or", "&", "as", "well", "nor"})

_TOKEN_RE = re.compile(r"<[A-Z_]+>|[\w][\w+#'\u2019./-]*[\w+#]|[\w+#]|[^\w\s]")
BULLETS = "\u2022\u00b7\u25aa\u25cf\u25a0\u25e6"
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z<\"(])|\s+[.!?]\s+|\s*[" + BULLETS + r"]\s*")
_BREAK_TOKENS = frozenset(",;:.!?()[]{}\"'|=*\u2013\u2014" + BULLETS)


@dataclass(frozen=True)
class Span:
    """A piece of a text, by character offsets into that text."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Sentences (and bullet or line items) with offsets into ``text``; blank pieces dropped."""
    out: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cut = 0
        for m in _SENTENCE_END_RE.finditer(body):
            _add(out, body, cut, m.start() + (1 if body[m.start()] in ".!?" else 0), pos)
            cut = m.end()
        _add(out, body, cut, len(body), pos)
        pos += len(line)
    return out


def _add(out: list[Span], body: str, start: int, end: int, offset: int) -> None:
    piece = body[start:end]
    stripped = piece.strip()
    if stripped and any(ch.isalnum() for ch in stripped):
        lead = len(piece) - len(piece.lstrip())
        s = offset + start + lead
        out.append(Span(stripped, s, s + len(stripped)))


def tokens(text: str) -> list[Span]:
    """Word and punctuation tokens with offsets."""
    return [Span(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _is_edge_noise(tok: str) -> bool:
    low = tok.lower()
    return (low in STOPWORDS or low in FILLER or low in CONJUNCTIONS
            or tok.startswith("<") or not any(ch.isalpha() for ch in tok))


def _trimmed(text: str, toks: list[Span]) -> Span | None:
    i, j = 0, len(toks)
    while i < j and _is_edge_noise(toks[i].text):
        i += 1
    while j > i and _is_edge_noise(toks[j - 1].text):
        j -= 1
    if i >= j:
        return None
    return Span(text[toks[i].start:toks[j - 1].end], toks[i].start, toks[j - 1].end)


def _stretches(toks: list[Span], breaks: frozenset[str]) -> Iterator[list[Span]]:
    current: list[Span] = []
    for t in toks:
        if t.text in breaks or t.text.lower() in breaks:
            if current:
                yield current
            current = []
        else:
            current.append(t)
    if current:
        yield current


def find_spans(sentence: str) -> list[Span]:
    """Candidate skill spans of one sentence (offsets into ``sentence``), in reading order."""
    if sentence.rstrip().endswith(":") and len(sentence) < 60:
        return []  # a heading such as "Requirements:" or "Job type:"
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for stretch in _stretches(tokens(sentence), _BREAK_TOKENS):
        pieces = [stretch]
        if len(stretch) > MAX_SPAN_TOKENS // 2:
            pieces = list(_stretches(stretch, CONJUNCTIONS))
        for piece in pieces:
            span = _trimmed(sentence, piece[:MAX_SPAN_TOKENS * 2])
            if span is None or (span.start, span.end) in seen:
                continue
            if len(tokens(span.text)) > MAX_SPAN_TOKENS:
                continue
            seen.add((span.start, span.end))
            out.append(span)
    return out


def sub_spans(sentence: str, span: Span) -> list[Span]:
    """The parts of ``span`` around "and", "or" and punctuation (``span`` itself excluded)."""
    toks = [t for t in tokens(sentence) if span.start <= t.start and t.end <= span.end]
    out: dict[tuple[int, int], Span] = {}
    for piece in _stretches(toks, CONJUNCTIONS | _BREAK_TOKENS):
        part = _trimmed(sentence, piece)
        if part is not None:
            out.setdefault((part.start, part.end), part)
    out.pop((span.start, span.end), None)
    return list(out.values())


def ngram_spans(sentence: str, span: Span, max_n: int = MAX_NGRAM) -> list[Span]:
    """Contiguous runs of 1 to ``max_n`` content words inside ``span`` (``span`` excluded)."""
    toks = [t for t in tokens(sentence) if span.start <= t.start and t.end <= span.end]
    position = {(t.start, t.end): i for i, t in enumerate(toks)}
    content = [t for t in toks if not _is_edge_noise(t.text)]
    out: dict[tuple[int, int], Span] = {}
    for n in range(1, max_n + 1):
        for i in range(len(content) - n + 1):
            window = content[i:i + n]
            if any(position[(b.start, b.end)] != position[(a.start, a.end)] + 1
                   for a, b in itertools.pairwise(window)):
                continue  # a function word sits between them
            s = Span(sentence[window[0].start:window[-1].end], window[0].start, window[-1].end)
            out.setdefault((s.start, s.end), s)
    out.pop((span.start, span.end), None)
    return list(out.values())
