"""The job-ad record and its reader (JSON Lines or CSV).

Columns / keys (see ``docs/job-ads.md``):

========== ======== ================================================================
field      required meaning
========== ======== ================================================================
id         yes      stable identifier of the posting (the ``JobAd`` key; unique in a file)
title      yes      the vacancy title as advertised
text       yes      the posting's full text
posted_at  no       ISO 8601 date or date-time (``2021-07-14`` or ``2021-07-14T09:00:00Z``)
employer   no       employer name
location   no       free-text location
source     no       where the posting comes from (``skillspan-tech``)
url        no       ``http(s)://`` address of the posting
========== ======== ================================================================

In JSON Lines each line is one object; other keys (``skill_spans``, ...) are ignored. In CSV the
header names the columns; quoted cells may span lines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import InputError, InputProblem
from graph.loaders.readers import Row, Validator, read_delimited

REQUIRED = ("id", "title", "text")
OPTIONAL = ("posted_at", "employer", "location", "source", "url")
MAX_ID_LENGTH = 200
_URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class JobAdRecord:
    """One validated posting."""

    id: str
    title: str
    text: str
    posted_at: str | None = None
    employer: str | None = None
    location: str | None = None
    source: str | None = None
    url: str | None = None

    def as_row(self) -> dict[str, Any]:
        """Parameters of ``MERGE_JOB_ADS`` (graph property names)."""
        return {
            "id": self.id, "title": self.title, "text": self.text, "postedAt": self.posted_at,
            "employer": self.employer, "location": self.location, "source": self.source,
            "url": self.url,
        }


def _iso_timestamp(value: str) -> bool:
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def validate_row(row: Row, v: Validator, seen: dict[str, int]) -> JobAdRecord | None:
    """Check one row (any format); problems go to ``v``; returns the record when valid."""
    before = v.total
    ad_id = v.require_value(row, "id")
    if len(ad_id) > MAX_ID_LENGTH:
        v.add(row.number, "id", f"expected an id of at most {MAX_ID_LENGTH} characters")
    if ad_id:
        v.unique(seen, ad_id, row, "id")
    title = v.require_value(row, "title")
    text = v.require_value(row, "text")
    optional = {c: row.get(c).strip() or None for c in OPTIONAL}
    posted = optional["posted_at"]
    if posted is not None and not _iso_timestamp(posted):
        v.add(row.number, "posted_at",
              f"expected an ISO 8601 date such as 2021-07-14, found {posted[:40]!r}")
    url = optional["url"]
    if url is not None and not _URL_RE.fullmatch(url):
        v.add(row.number, "url", f"expected an http(s):// address, found {url[:80]!r}")
    if v.total > before:
        return None
    return JobAdRecord(ad_id, title, text, **optional)


def _json_rows(path: Path, display: str) -> Iterator[Row]:
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError as e:
                raise InputError.single(display, number, None,
                                        "not valid UTF-8; expected a UTF-8 encoded file") from e
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError.single(
                    display, number, None,
                    f"not a JSON object (column {e.colno}: {e.msg}); expected one object a line",
                ) from e
            if not isinstance(obj, dict):
                raise InputError.single(display, number, None,
                                        f"expected a JSON object, found {type(obj).__name__}")
            cells: dict[str, str] = {}
            for key in (*REQUIRED, *OPTIONAL):
                value = obj.get(key)
                if value is None:
                    continue
                if isinstance(value, (dict, list, bool)):
                    raise InputError.single(display, number, key,
                                            f"expected a string, found {type(value).__name__}")
                cells[key] = str(value)
            yield Row(number, cells)


def is_json_lines(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson", ".json")


def read_job_ads(path: str | Path) -> list[JobAdRecord]:
    """Read and validate a whole file; raise InputError naming file, row and column."""
    path = Path(path)
    display = str(path)
    if not path.is_file():
        raise InputError.single(display, None, None, "no such file; expected a .jsonl or .csv file")
    if is_json_lines(path):
        rows: Iterator[Row] = _json_rows(path, display)
    elif path.suffix.lower() in (".csv", ".tsv"):
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","

        def delimited() -> Iterator[Row]:
            with path.open("rb") as f:
                yield from read_delimited(f, display, required=REQUIRED, delimiter=delimiter)

        rows = delimited()
    else:
        raise InputError.single(display, None, None,
                                "unknown format; expected .jsonl (JSON Lines) or .csv")
    v = Validator(display)
    seen: dict[str, int] = {}
    out: list[JobAdRecord] = []
    for row in rows:
        record = validate_row(row, v, seen)
        if record is not None:
            out.append(record)
    v.raise_if_any()
    if not out:
        raise InputError([InputProblem(display, None, None, "no job ads found; expected at "
                                       "least one row with id, title and text")])
    return out
