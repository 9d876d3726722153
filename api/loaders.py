"""Per-request DataLoaders: every lookup made while resolving one level of a query is batched
into one Cypher round trip per label or relation, whatever the length of the lists."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from api import queries
from api.reader import GraphReader

Props = dict[str, Any]

#: Node type -> (label, key property).
NODE_KEYS: dict[str, tuple[str, str]] = {
    "Skill": ("Skill", "uri"),
    "SkillGroup": ("SkillGroup", "uri"),
    "Occupation": ("Occupation", "uri"),
    "OnetOccupation": ("OnetOccupation", "code"),
    "OnetDescriptor": ("OnetDescriptor", "id"),
    "Technology": ("Technology", "name"),
    "Program": ("Program", "cipCode"),
    "JobAd": ("JobAd", "id"),
}


@dataclass(frozen=True)
class NodeKey:
    """A node asked for by type and key."""

    type_name: str
    key: str


@dataclass(frozen=True)
class PageKey:
    """One page of one neighbour list (``relation`` names an entry of ``queries.RELATIONS``)."""

    relation: str
    key: str
    offset: int
    limit: int
    essential: bool | None = None
    domain: str | None = None


@dataclass(frozen=True)
class Row:
    """A neighbour and the properties of the relationship that leads to it."""

    node: Props
    rel: Props


@dataclass(frozen=True)
class Page:
    """A slice of a neighbour list and the list's full length."""

    rows: list[Row]
    total: int


class Loaders:
    """The DataLoaders of one request."""

    def __init__(self, reader: GraphReader) -> None:
        self.reader = reader
        self.nodes: DataLoader[NodeKey, Props | None] = DataLoader(load_fn=self._load_nodes)
        self.pages: DataLoader[PageKey, Page] = DataLoader(load_fn=self._load_pages)

    async def node_with_pages(
        self, type_name: str, key: str, pages: Sequence[PageKey]
    ) -> tuple[Props | None, list[Page]]:
        """One node and a page of each of its neighbour lists, in one query (empty pages
        when the node is unknown)."""
        label, prop = NODE_KEYS[type_name]
        records = await self.reader.read(
            queries.node_with_pages(label, prop, tuple(p.relation for p in pages)),
            key=key,
            pages=[
                {"offset": p.offset, "limit": p.limit, "essential": p.essential,
                 "domain": p.domain}
                for p in pages
            ],
        )
        if not records:
            return None, [Page([], 0) for _ in pages]
        return dict(records[0]["props"]), [_page(x) for x in records[0]["pages"]]

    async def _load_nodes(self, keys: list[NodeKey]) -> Sequence[Props | None]:
        by_type: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            by_type[k.type_name].append(k.key)

        async def one(type_name: str, values: list[str]) -> tuple[str, dict[str, Props]]:
            label, prop = NODE_KEYS[type_name]
            records = await self.reader.read(
                queries.nodes_by_key(label, prop), keys=sorted(set(values))
            )
            return type_name, {r["key"]: dict(r["props"]) for r in records}

        found = dict(await asyncio.gather(*(one(t, v) for t, v in by_type.items())))
        return [found[k.type_name].get(k.key) for k in keys]

    async def _load_pages(self, keys: list[PageKey]) -> Sequence[Page]:
        by_relation: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            by_relation[k.relation].append(i)
        pages: list[Page | None] = [None] * len(keys)

        async def one(relation: str, positions: list[int]) -> None:
            params = [
                {
                    "i": i,
                    "key": keys[i].key,
                    "offset": keys[i].offset,
                    "limit": keys[i].limit,
                    "essential": keys[i].essential,
                    "domain": keys[i].domain,
                }
                for i in positions
            ]
            records = await self.reader.read(queries.neighbour_pages(relation), keys=params)
            for r in records:
                pages[r["i"]] = _page(r)

        await asyncio.gather(*(one(rel, pos) for rel, pos in by_relation.items()))
        return [p if p is not None else Page([], 0) for p in pages]


def _page(record: Any) -> Page:
    """A Page from a ``{total, nodes, rels}`` map or row."""
    rows = [Row(dict(n), dict(r or {}))
            for n, r in zip(record["nodes"], record["rels"], strict=True)]
    return Page(rows, int(record["total"]))

