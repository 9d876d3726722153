"""Checks on user-supplied keys and text, each naming what was expected."""

from __future__ import annotations

import re

from api.results import InvalidInput

ESCO_URI = re.compile(r"https?://data\.europa\.eu/esco/[A-Za-z0-9_./-]+")
ONET_CODE = re.compile(r"\d{2}-\d{4}\.\d{2}")
CIP_CODE = re.compile(r"\d{2}\.\d{4}")
MAX_KEY_LENGTH = 300


def check_esco_uri(value: str, argument: str, kind: str) -> InvalidInput | None:
    """None when ``value`` looks like an ESCO concept URI of ``kind`` (skill, occupation)."""
    if len(value) > MAX_KEY_LENGTH or not ESCO_URI.fullmatch(value) or f"/{kind}/" not in value:
        return InvalidInput(
            message=f"expected an ESCO {kind} URI like "
            f"http://data.europa.eu/esco/{kind}/<uuid>, got {value[:80]!r}",
            argument=argument,
        )
    return None


def check_onet_code(value: str, argument: str) -> InvalidInput | None:
    """None when ``value`` is an O*NET-SOC code like ``15-1252.00``."""
    if not ONET_CODE.fullmatch(value):
        return InvalidInput(
            message=f"expected an O*NET-SOC code like 15-1252.00, got {value[:80]!r}",
            argument=argument,
        )
    return None


def check_occupation_id(value: str, argument: str) -> InvalidInput | None:
    """None when ``value`` is an ESCO occupation URI or an O*NET-SOC code."""
    if ONET_CODE.fullmatch(value) or check_esco_uri(value, argument, "occupation") is None:
        return None
    return InvalidInput(
        message="expected an ESCO occupation URI like http://data.europa.eu/esco/occupation/"
        f"<uuid> or an O*NET-SOC code like 15-1252.00, got {value[:80]!r}",
        argument=argument,
    )


def check_cip_code(value: str, argument: str) -> InvalidInput | None:
    """None when ``value`` is a six-digit CIP 2020 code like ``11.0701``."""
    if not CIP_CODE.fullmatch(value):
        return InvalidInput(
            message=f"expected a six-digit CIP 2020 code like 11.0701, got {value[:80]!r}",
            argument=argument,
        )
    return None


def check_plain_key(value: str, argument: str) -> InvalidInput | None:
    """None when ``value`` is a non-empty key of reasonable length."""
    if not value.strip() or len(value) > MAX_KEY_LENGTH:
        return InvalidInput(
            message=f"expected a non-empty id of at most {MAX_KEY_LENGTH} characters",
            argument=argument,
        )
    return None


LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')
LUCENE_OPERATORS = {"AND", "OR", "NOT", "TO"}
MAX_SEARCH_LENGTH = 200


def lucene_escape(term: str) -> str:
    """``term`` with every Lucene metacharacter backslash-escaped."""
    return "".join(f"\\{c}" if c in LUCENE_SPECIAL else c for c in term)


def lucene_query(text: str) -> str | None:
    """A safe Lucene query for free text: every word matched literally (any of them),
    the last one also as a prefix, the whole phrase boosted. None when nothing is left."""
    words = [w for w in text.split() if w]
    terms = [lucene_escape(w.lower() if w in LUCENE_OPERATORS else w) for w in words]
    terms = [t for t in terms if t.strip("\\")]
    if not terms:
        return None
    parts = list(terms)
    if len(terms) > 1:
        parts.append('"' + " ".join(terms) + '"^2')
    if terms[-1][-1].isalnum():
        parts.append(terms[-1] + "*")
    return " ".join(parts)
