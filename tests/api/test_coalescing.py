"""Batching of concurrent compiled lookups (``api.coalescing``), over a fake reader whose
queries stay in flight until the test lets them answer."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from api.coalescing import LookupCoalescer
from api.reader import GraphReader

SINGLE, BATCHED = "single query", "batched query"
PAGES = [{"offset": 0, "limit": 20, "essential": True, "domain": None}]


class FakeReader:
    """Answers the single query with ``{key}`` and the batched one with a row per known key;
    every query waits until ``release`` is set; ``fail`` makes the next batched query raise."""

    def __init__(self, unknown: frozenset[str] = frozenset()) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.release = asyncio.Event()
        self.unknown = unknown
        self.fail: Exception | None = None

    async def read(self, cypher: str, **parameters: Any) -> list[dict[str, Any]]:
        self.calls.append((cypher, parameters))
        await self.release.wait()
        if self.fail is not None and cypher == BATCHED:
            error, self.fail = self.fail, None
            raise error
        if cypher == SINGLE:
            key = parameters["key"]
            return [] if key in self.unknown else [{"node": {"key": key}}]
        keys = parameters["batch"]["keys"]
        return [{"b": b, "node": {"key": key}} for b, key in enumerate(keys)
                if key not in self.unknown]


def lookups(coalescer: LookupCoalescer, reader: FakeReader, keys: list[str],
            pages: list[dict[str, Any]] | None = None) -> list[asyncio.Task[Any]]:
    return [asyncio.ensure_future(coalescer.node(cast(GraphReader, reader), SINGLE, BATCHED,
                                                 key, pages or PAGES)) for key in keys]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_lone_lookup_is_sent_at_once_by_its_single_query() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer()
        reader.release.set()
        assert await lookups(coalescer, reader, ["a"])[0] == {"key": "a"}
        assert reader.calls == [(SINGLE, {"key": "a", "pages": PAGES})]
        assert coalescer.batches == 0

    asyncio.run(run())


def test_lookups_arriving_while_one_is_in_flight_go_together_in_one_query() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer()
        tasks = lookups(coalescer, reader, ["a", "b", "c", "b"])
        await settle()
        assert [c for c, _ in reader.calls] == [SINGLE]  # the rest wait for the first
        reader.release.set()
        answers = await asyncio.gather(*tasks)
        assert answers == [{"key": k} for k in ["a", "b", "c", "b"]]
        assert reader.calls[1] == (BATCHED, {"batch": {"keys": ["b", "c", "b"]}, "pages": PAGES})
        assert (coalescer.batches, coalescer.batched) == (1, 3)

    asyncio.run(run())


def test_an_unknown_key_in_a_batch_answers_none_and_the_others_their_nodes() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(unknown=frozenset({"x"})), LookupCoalescer()
        tasks = lookups(coalescer, reader, ["a", "x", "c"])
        await settle()
        reader.release.set()
        assert await asyncio.gather(*tasks) == [{"key": "a"}, None, {"key": "c"}]

    asyncio.run(run())


def test_lookups_with_other_page_windows_are_sent_apart() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer()
        other = [{**PAGES[0], "offset": 20}]
        tasks = lookups(coalescer, reader, ["a", "b"]) + lookups(coalescer, reader, ["c"], other)
        await settle()
        assert reader.calls == [(SINGLE, {"key": "a", "pages": PAGES}),
                                (SINGLE, {"key": "c", "pages": other})]
        reader.release.set()
        await asyncio.gather(*tasks)
        assert reader.calls[2] == (BATCHED, {"batch": {"keys": ["b"]}, "pages": PAGES})

    asyncio.run(run())


def test_a_failed_batch_fails_each_of_its_lookups_and_later_ones_still_go() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer()
        reader.fail = RuntimeError("neo4j went away")
        tasks = lookups(coalescer, reader, ["a", "b", "c"])
        await settle()
        reader.release.set()
        assert await tasks[0] == {"key": "a"}
        results = await asyncio.gather(*tasks[1:], return_exceptions=True)
        assert [str(r) for r in results] == ["neo4j went away"] * 2
        assert await lookups(coalescer, reader, ["d"])[0] == {"key": "d"}
        assert reader.calls[-1][0] == SINGLE  # the group is free again

    asyncio.run(run())


def test_a_batch_reads_at_most_max_batch_keys() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer(max_batch=2)
        tasks = lookups(coalescer, reader, ["a", "b", "c", "d", "e"])
        await settle()
        reader.release.set()
        assert await asyncio.gather(*tasks) == [{"key": k} for k in "abcde"]
        assert [p.get("batch") for _, p in reader.calls] == [
            None, {"keys": ["b", "c"]}, {"keys": ["d", "e"]}]

    asyncio.run(run())


def test_a_cancelled_lookup_leaves_its_batch_and_the_others_are_answered() -> None:
    async def run() -> None:
        reader, coalescer = FakeReader(), LookupCoalescer()
        tasks = lookups(coalescer, reader, ["a", "b", "c"])
        await settle()
        tasks[1].cancel()
        reader.release.set()
        assert await tasks[0] == {"key": "a"}
        assert await tasks[2] == {"key": "c"}
        assert tasks[1].cancelled()
        assert reader.calls[1] == (BATCHED, {"batch": {"keys": ["c"]}, "pages": PAGES})

    asyncio.run(run())


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LookupCoalescer(max_batch=0)


def test_a_new_event_loop_starts_with_no_lookup_in_flight() -> None:
    reader, coalescer = FakeReader(), LookupCoalescer()

    async def abandoned() -> None:
        lookups(coalescer, reader, ["a", "b"])
        await settle()  # the loop closes with both in flight

    async def later() -> Any:
        reader.release.set()
        return await lookups(coalescer, reader, ["c"])[0]

    asyncio.run(abandoned())
    reader.release = asyncio.Event()
    assert asyncio.run(later()) == {"key": "c"}
    assert reader.calls[-1] == (SINGLE, {"key": "c", "pages": PAGES})
