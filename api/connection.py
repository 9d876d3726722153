"""Relay connections: cursor pagination with ``totalCount`` and a maximum page size."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from api.errors import InvalidArgumentError
from api.ids import cursor_offset, offset_cursor
from api.limits import ApiLimits

T = TypeVar("T")
S = TypeVar("S")


@strawberry.type(description="Where a page sits in its list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item; pass it "
                                              "as `after` for the next page.")


@strawberry.type(description="One item of a connection and its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of the item in the list.")


@strawberry.type(description="A page of a list, with cursors (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    total_count: int = strawberry.field(description="Length of the whole list.")


def page_window(first: int | None, after: str | None, limits: ApiLimits) -> tuple[int, int]:
    """``(offset, limit)`` for the arguments, checked against the maximum page size."""
    size = limits.default_page_size if first is None else first
    if size < 0 or size > limits.max_page_size:
        raise InvalidArgumentError(
            "first", f"expected a page size between 0 and {limits.max_page_size}, got {size}"
        )
    offset = 0 if after is None else cursor_offset(after) + 1
    return offset, size


def make_connection(
    items: Sequence[S], offset: int, total: int, convert: Callable[[S], T]
) -> Connection[T]:
    """A connection over ``items`` (the page starting at ``offset`` of a list of ``total``)."""
    edges = [Edge(node=convert(x), cursor=offset_cursor(offset + i)) for i, x in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(edges) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
