"""Concurrent requests of one compiled lookup share one Cypher query.

Natural batching, without timers: a lookup whose query has none of its kind in flight is sent
at once and alone, so a lone client waits for nothing. Lookups that arrive while one is in
flight wait for it, then go together as one query over all their keys
(:func:`api.queries.batched_projection_query`); under load the fixed cost of a query (the
driver's, Neo4j's) is paid once per batch instead of once per request. Every request keeps its
own row: nothing is shared between two requests but the round trip.

Lookups join a batch only with lookups of the same plan and the same page windows; a failed
batch fails each of its lookups, which then fail as any plan's read does (an unavailable or slow
database is reported, any other error falls back to the resolvers).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from api.reader import GraphReader

Pages = list[dict[str, Any]]
"""The page windows of one lookup's lists (``$pages`` of :mod:`api.queries`)."""

_Group = tuple[str, tuple[tuple[tuple[str, Any], ...], ...]]


def _group(batched: str, pages: Pages) -> _Group:
    return batched, tuple(tuple(sorted(page.items())) for page in pages)


@dataclass
class _Waiting:
    key: str
    reader: GraphReader
    answer: asyncio.Future[dict[str, Any] | None]


@dataclass
class LookupCoalescer:
    """The lookups of one event loop (one app), batched per plan and page windows."""

    max_batch: int = 50
    """The most keys one batched query reads."""
    batches: int = 0
    """Batched queries sent so far."""
    batched: int = 0
    """Lookups answered by batched queries so far."""
    _busy: set[_Group] = field(default_factory=set, repr=False)
    _waiting: dict[_Group, list[_Waiting]] = field(default_factory=dict, repr=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.max_batch < 1:
            raise ValueError(f"expected a batch size of at least 1, got {self.max_batch}")

    async def node(
        self, reader: GraphReader, single: str, batched: str, key: str, pages: Pages
    ) -> dict[str, Any] | None:
        """The ``node`` column of the lookup of ``key`` (None: no such node): by the query
        ``single`` (``$key``, ``$pages``) when none of its group is in flight, else in the
        next batch by ``batched`` (``$batch.keys``, ``$pages``; rows ``b, node``)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # an app served again by a new loop starts afresh
            self._loop, self._busy, self._waiting, self._tasks = loop, set(), {}, set()
        group = _group(batched, pages)
        if group in self._busy:
            answer: asyncio.Future[dict[str, Any] | None] = loop.create_future()
            self._waiting.setdefault(group, []).append(_Waiting(key, reader, answer))
            return await answer
        self._busy.add(group)
        try:
            records = await reader.read(single, key=key, pages=pages)
        finally:
            self._next(group, pages)
        return records[0]["node"] if records else None

    def _next(self, group: _Group, pages: Pages) -> None:
        """Send the lookups that waited for the query of ``group`` that just ended, if any;
        else the group is free again."""
        waiting = self._waiting.pop(group, [])
        live = [w for w in waiting if not w.answer.done()]  # a cancelled request is gone
        if not live:
            self._busy.discard(group)
            return
        batch, rest = live[: self.max_batch], live[self.max_batch :]
        if rest:
            self._waiting[group] = rest
        task = asyncio.get_running_loop().create_task(self._send(group, pages, batch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, group: _Group, pages: Pages, batch: list[_Waiting]) -> None:
        try:
            records = await batch[0].reader.read(
                group[0], batch={"keys": [w.key for w in batch]}, pages=pages
            )
        except asyncio.CancelledError:  # the loop is closing: so is every waiting request
            for w in batch + self._waiting.pop(group, []):
                w.answer.cancel()
            self._busy.discard(group)
            raise
        except Exception as e:
            for w in batch:
                if not w.answer.done():
                    w.answer.set_exception(e)
        else:
            self.batches += 1
            self.batched += len(batch)
            found = {record["b"]: record["node"] for record in records}
            for b, w in enumerate(batch):
                if not w.answer.done():
                    w.answer.set_result(found.get(b))
        self._next(group, pages)
