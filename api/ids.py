"""Relay global ids (``base64("Type:key")``) and pagination cursors (``base64("offset:N")``)."""

from __future__ import annotations

import base64
import binascii

from api.errors import InvalidArgumentError

NODE_TYPES = (
    "Skill", "SkillGroup", "Occupation", "OnetOccupation", "OnetDescriptor", "Technology",
    "Program", "JobAd",
)
_CURSOR_PREFIX = "offset:"
MAX_CURSOR_OFFSET = 2**30 - 1
"""The largest offset a cursor may hold: no list is that long, and a page's offset and end
stay within Neo4j's 32-bit list indices (larger offsets fail there, or overflow)."""
_MAX_DIGITS = len(str(MAX_CURSOR_OFFSET))


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def _decode(value: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None


def global_id(type_name: str, key: str) -> str:
    """The opaque Relay id of the node of ``type_name`` with key ``key``."""
    return _encode(f"{type_name}:{key}")


def parse_global_id(value: str) -> tuple[str, str] | None:
    """``(type, key)`` of a Relay id, or None when it is not one of ours."""
    text = _decode(value)
    if text is None or ":" not in text:
        return None
    type_name, key = text.split(":", 1)
    if type_name not in NODE_TYPES or not key:
        return None
    return type_name, key


def offset_cursor(offset: int) -> str:
    """The cursor of the item at ``offset`` (0-based) in a list."""
    return _encode(f"{_CURSOR_PREFIX}{offset}")


def cursor_offset(cursor: str) -> int:
    """The offset a cursor points at; InvalidArgumentError for anything else."""
    text = _decode(cursor)
    if text is None or not text.startswith(_CURSOR_PREFIX):
        raise InvalidArgumentError("after", "expected a cursor returned by this API")
    digits = text.removeprefix(_CURSOR_PREFIX)
    # ASCII digits only (str.isdigit also takes "²"), and few enough to be an offset
    if not (digits.isascii() and digits.isdigit() and len(digits) <= _MAX_DIGITS) \
            or int(digits) > MAX_CURSOR_OFFSET:
        raise InvalidArgumentError("after", "expected a cursor returned by this API")
    return int(digits)
