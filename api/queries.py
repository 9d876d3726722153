"""Runtime Cypher of the API: named constants and small builders.

Every value is a ``$parameter``; labels, keys and index names are interpolated only from the
fixed tables below (checked with :func:`graph.queries.identifier`), never from user input.
Batched queries take ``$keys`` (a list of maps) and answer one row per key, so a DataLoader
turns any number of lookups into one round trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from graph.queries import identifier

#: Properties never sent to clients (learned vectors are large and opaque); no projection
#: names them (``SERVED_PROPERTIES``).
HIDDEN_PROPERTIES = ("embedding", "transitionSource", "transitionTarget")

#: The properties of each label that the GraphQL types read. Projections name them: a
#: ``{.*}`` projection makes Neo4j load every property, the learned vectors included, which
#: quadruples the server's work for a page of occupations.
SERVED_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Skill": ("uri", "label", "altLabels", "description", "skillType", "reuseLevel",
              "collections"),
    "SkillGroup": ("uri", "code", "label", "description"),
    "Occupation": ("uri", "label", "altLabels", "description", "iscoCode", "code"),
    "OnetOccupation": ("code", "title", "description", "jobZone", "socCode",
                       "alternateTitles"),
    "OnetDescriptor": ("id", "name", "domain", "description"),
    "Technology": ("name", "commodityCode", "commodityTitle", "hot"),
    "Program": ("cipCode", "title", "definition", "family"),
    "JobAd": ("id", "title", "text", "postedAt", "employer", "location", "source", "url"),
}


def _map(var: str, properties: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """``var {.p, ..., extra}``: a map projection of ``properties`` and ``extra`` entries."""
    entries = [f".{identifier(p)}" for p in properties] + list(extra)
    return f"{var} {{{', '.join(entries)}}}"


def _projection(var: str, label: str) -> str:
    """``var {.p, ...}`` over the served properties of ``label``."""
    return _map(var, SERVED_PROPERTIES[label])


# --- lookups by key ------------------------------------------------------------------------


@cache
def nodes_by_key(label: str, key: str) -> str:
    """Nodes of one label by their key: ``$keys`` (list of key values) -> rows (key, props)."""
    return (
        f"UNWIND $keys AS k MATCH (n:{identifier(label)} {{{identifier(key)}: k}}) "
        f"RETURN k AS key, {_projection('n', label)} AS props"
    )


# --- neighbour pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """One neighbour list: from ``(n:start {key: ...})`` along ``pattern`` to ``(m)`` via ``[r]``.

    ``where`` may filter on ``k.essential`` / ``k.domain``, optional filters carried in the key.
    """

    start: str
    key: str
    pattern: str
    where: str
    order: str

    @property
    def match(self) -> str:
        """The MATCH of the list from a node bound by ``k.key``."""
        return f"MATCH (n:{identifier(self.start)} {{{identifier(self.key)}: k.key}})" + self.tail()

    @cached_property
    def target(self) -> str:
        """The label of ``(m)``."""
        found = re.search(r"\(m:(\w+)\)", self.pattern)
        if found is None:
            raise ValueError(f"expected (m:Label) in {self.pattern!r}")
        return found.group(1)

    def tail(self, essential: bool | None = None) -> str:
        """The pattern from a bound ``(n)`` and its filter. The target's label is checked
        last, after the relationship's own filter, so that Neo4j reads the labels of the
        neighbours that pass it only (a fifth fewer db hits for an occupation's essential
        skills). With ``essential`` set, the requirement filter is that constant instead of
        the window's ``k.essential`` (a list such as ``essentialSkills``)."""
        where = self.where
        if essential is not None:
            if ESSENTIAL_FILTER not in where:
                raise ValueError(f"expected a relation filtered on essential, got {where!r}")
            where = where.replace(ESSENTIAL_FILTER, f"r.essential = {str(essential).lower()}")
        pattern = self.pattern.replace(f"(m:{self.target})", "(m)")
        checks = [c for c in (where, f"m:{self.target}") if c]
        return f"{pattern} WHERE {' AND '.join(checks)}"

    def order_with(self, essential: bool | None) -> str:
        """:attr:`order`, without ``r.essential`` where :meth:`tail` fixed it."""
        if essential is None:
            return self.order
        return self.order.removeprefix(f"{ESSENTIAL_ORDER}, ")


def _rel(start: str, key: str, pattern: str, where: str = "") -> tuple[str, str, str, str]:
    return start, key, pattern, where


ESSENTIAL_FILTER = "(k.essential IS NULL OR r.essential = k.essential)"
ESSENTIAL_ORDER = "r.essential DESC"

RELATIONS: dict[str, Relation] = {
    "skill_broader": Relation(*_rel("Skill", "uri", "-[r:BROADER]->(m:Skill)"), "m.label, m.uri"),
    "skill_narrower": Relation(*_rel("Skill", "uri", "<-[r:BROADER]-(m:Skill)"), "m.label, m.uri"),
    "skill_groups": Relation(
        *_rel("Skill", "uri", "-[r:BROADER]->(m:SkillGroup)"), "m.label, m.uri"
    ),
    "skill_related": Relation(
        *_rel("Skill", "uri", "-[r:RELATED_TO]-(m:Skill)"), "r.essential DESC, m.label, m.uri"
    ),
    "skill_occupations": Relation(
        *_rel("Skill", "uri", "<-[r:REQUIRES]-(m:Occupation)", ESSENTIAL_FILTER),
        f"{ESSENTIAL_ORDER}, m.label, m.uri",
    ),
    "skill_job_ads": Relation(*_rel("Skill", "uri", "<-[r:MENTIONS]-(m:JobAd)"), "m.id"),
    "group_broader": Relation(
        *_rel("SkillGroup", "uri", "-[r:BROADER]->(m:SkillGroup)"), "m.label, m.uri"
    ),
    "group_narrower_groups": Relation(
        *_rel("SkillGroup", "uri", "<-[r:BROADER]-(m:SkillGroup)"), "m.label, m.uri"
    ),
    "group_skills": Relation(
        *_rel("SkillGroup", "uri", "<-[r:BROADER]-(m:Skill)"), "m.label, m.uri"
    ),
    "occupation_skills": Relation(
        *_rel("Occupation", "uri", "-[r:REQUIRES]->(m:Skill)", ESSENTIAL_FILTER),
        f"{ESSENTIAL_ORDER}, m.label, m.uri",
    ),
    "occupation_broader": Relation(
        *_rel("Occupation", "uri", "-[r:BROADER]->(m:Occupation)"), "m.label, m.uri"
    ),
    "occupation_narrower": Relation(
        *_rel("Occupation", "uri", "<-[r:BROADER]-(m:Occupation)"), "m.label, m.uri"
    ),
    "occupation_onet": Relation(
        *_rel("Occupation", "uri", "-[r:MAPS_TO]->(m:OnetOccupation)"),
        "r.confidence DESC, m.code",
    ),
    "occupation_job_ads": Relation(
        *_rel("Occupation", "uri", "<-[r:NORMALIZED_TO]-(m:JobAd)"), "r.score DESC, m.id"
    ),
    "onet_ratings": Relation(
        *_rel(
            "OnetOccupation",
            "code",
            "-[r:RATES]->(m:OnetDescriptor)",
            "(k.domain IS NULL OR m.domain = k.domain)",
        ),
        "r.importance DESC, m.id",
    ),
    "onet_technologies": Relation(
        *_rel("OnetOccupation", "code", "-[r:USES_TECHNOLOGY]->(m:Technology)"),
        "r.hot DESC, m.name",
    ),
    "onet_related": Relation(
        *_rel("OnetOccupation", "code", "-[r:RELATED_OCCUPATION]->(m:OnetOccupation)"),
        "r.index, m.code",
    ),
    "onet_esco": Relation(
        *_rel("OnetOccupation", "code", "<-[r:MAPS_TO]-(m:Occupation)"), "m.label, m.uri"
    ),
    "onet_programs": Relation(
        *_rel("OnetOccupation", "code", "<-[r:PREPARES_FOR]-(m:Program)"), "m.cipCode"
    ),
    "technology_occupations": Relation(
        *_rel("Technology", "name", "<-[r:USES_TECHNOLOGY]-(m:OnetOccupation)"), "m.code"
    ),
    "program_onet": Relation(
        *_rel("Program", "cipCode", "-[r:PREPARES_FOR]->(m:OnetOccupation)"), "m.code"
    ),
    "job_ad_occupations": Relation(
        *_rel("JobAd", "id", "-[r:NORMALIZED_TO]->(m:Occupation)"), "r.rank, m.uri"
    ),
    "job_ad_skills": Relation(
        *_rel("JobAd", "id", "-[r:MENTIONS]->(m:Skill)"), "r.score DESC, m.uri"
    ),
}


@cache
def neighbour_pages(relation: str) -> str:
    """One page of a neighbour list for each of ``$keys`` (maps: i, key, offset, limit, filters).

    Rows: ``i`` (the key's position), ``total`` (list length), the page's ``nodes`` (props)
    and ``rels`` (props, same order). Only the page's nodes are projected: a list of
    thousands costs the ordering of node references, not thousands of property maps. The
    subquery's aggregation has no grouping key, so a key with nothing to list still gets its
    row (empty lists) from a plain ``MATCH``.
    """
    spec = RELATIONS[relation]
    return f"""
UNWIND $keys AS k
CALL (k) {{
  {spec.match}
  WITH m, r ORDER BY {spec.order}
  WITH collect(m) AS ms, collect(r) AS rs
  RETURN size(ms) AS total,
         [m IN ms[k.offset..k.offset + k.limit] | {_projection('m', spec.target)}] AS nodes,
         [r IN rs[k.offset..k.offset + k.limit] | properties(r)] AS rels
}}
RETURN k.i AS i, total, nodes, rels
"""


@cache
def node_with_pages(label: str, key: str, relations: tuple[str, ...]) -> str:
    """One node by ``$key`` with a page of each of its neighbour lists ``relations`` (maps in
    ``$pages``, same order: offset, limit, filters), in one round trip.

    Rows: none when the node is unknown, else ``props`` and ``pages`` (``{total, nodes,
    rels}`` each, as in :func:`neighbour_pages`).
    """
    lists = []
    for i, name in enumerate(relations):
        spec = RELATIONS[name]
        if spec.start != label:
            raise ValueError(f"expected a relation from {label}, got {name} from {spec.start}")
        target = NodeProjection(spec.target, SERVED_PROPERTIES[spec.target])
        lists.append(ListProjection(i, name, None, target))
    pages = ", ".join(f"l{i}" for i in range(len(relations)))
    return (
        f"MATCH (n:{identifier(label)} {{{identifier(key)}: $key}})"
        + "".join(_list_call("n", spec) for spec in lists)
        + f"\nRETURN {_projection('n', label)} AS props, [{pages}] AS pages"
    )


# --- compiled lookups (api.projections) ----------------------------------------------------

_RELATION_VARIABLES = re.compile(r"\b([rmk])\b(?=[.:)])")


def _renamed(text: str, suffix: str) -> str:
    """A fragment of ``RELATIONS`` for list ``suffix``: ``r`` and ``m`` suffixed, the window
    ``k`` read from ``$pages[suffix]``."""
    return _RELATION_VARIABLES.sub(
        lambda found: f"$pages[{suffix}]" if found.group(1) == "k" else found.group(1) + suffix,
        text,
    )


@dataclass(frozen=True)
class ListProjection:
    """A page of one neighbour list read by a compiled lookup: ``$pages[slot]`` holds its
    window and filters (offset, limit, essential, domain); ``node`` is what is read of each
    neighbour and ``rel_properties`` of each relationship."""

    slot: int
    relation: str
    rel_properties: tuple[str, ...] | None
    """None: every property of the relationship."""
    node: NodeProjection
    essential: bool | None = None
    """Fixed by the field (``essentialSkills``): then a constant of the query text, which
    Neo4j runs faster than the filter on ``$pages[slot].essential``."""


@dataclass(frozen=True)
class NodeProjection:
    """What a compiled lookup reads of a node: ``properties`` and the pages of ``lists``,
    which come back under the keys ``list_key(slot)`` of the node's map."""

    label: str
    properties: tuple[str, ...]
    lists: tuple[ListProjection, ...] = ()


def list_key(slot: int) -> str:
    """The key of the page of list ``slot`` in its node's map."""
    return f"__l{slot}"


def _rel_map(var: str, properties: tuple[str, ...] | None) -> str:
    return f"properties({var})" if properties is None else _map(var, properties)


def _list_call(parent: str, spec: ListProjection) -> str:
    """``CALL (parent) { ... RETURN {total, nodes, rels} AS l<slot> }`` for one list (the
    lookups of the resolvers and of the compiled plans both read their lists with it)."""
    s = str(spec.slot)
    rel = RELATIONS[spec.relation]
    if rel.target != spec.node.label:
        raise ValueError(f"expected {rel.target} at the end of {spec.relation}")
    m, r, k = f"m{s}", f"r{s}", f"$pages[{s}]"
    window = f"{k}.offset..{k}.offset + {k}.limit"
    with_rels = spec.rel_properties is None or bool(spec.rel_properties)
    rels_read = with_rels or bool(spec.node.lists)
    # A plain MATCH: the aggregation, with no grouping key, gives its one row (empty lists)
    # when nothing matches, and the planner drops the OptionalExpand and the grouping.
    head = f"""
CALL ({parent}) {{
  MATCH ({parent}){_renamed(rel.tail(spec.essential), s)}
  WITH {m}, {r} ORDER BY {_renamed(rel.order_with(spec.essential), s)}
  WITH collect({m}) AS ms{s}{f", collect({r}) AS rs{s}" if rels_read else ""}"""
    if not spec.node.lists:
        rels = (f", rels: [{r} IN rs{s}[{window}] | {_rel_map(r, spec.rel_properties)}]"
                if with_rels else "")
        nodes = f"[{m} IN ms{s}[{window}] | {_map(m, spec.node.properties)}]"
        return head + f"""
  RETURN {{total: size(ms{s}), nodes: {nodes}{rels}}} AS l{s}
}}"""
    subs = "".join(_list_call(m, sub) for sub in spec.node.lists)
    inner = tuple(f"{list_key(sub.slot)}: l{sub.slot}" for sub in spec.node.lists)
    carried = ", ".join(f"l{sub.slot}" for sub in spec.node.lists)
    collect_rels = (f", collect({_rel_map(r, spec.rel_properties)}) AS prs{s}"
                    if with_rels else "")
    rels = f", rels: prs{s}" if with_rels else ""
    return head + f"""
  WITH size(ms{s}) AS total{s}, ms{s}[{window}] AS pm{s}, rs{s}[{window}] AS pr{s}
  UNWIND CASE WHEN size(pm{s}) = 0 THEN [null] ELSE range(0, size(pm{s}) - 1) END AS i{s}
  WITH total{s}, i{s}, pm{s}[i{s}] AS {m}, pr{s}[i{s}] AS {r}{subs}
  WITH total{s}, i{s}, {m}, {r}, {carried} ORDER BY i{s}
  WITH total{s}, collect(CASE WHEN {m} IS NULL THEN null
                         ELSE {_map(m, spec.node.properties, inner)} END) AS pms{s}{collect_rels}
  RETURN {{total: total{s}, nodes: pms{s}{rels}}} AS l{s}
}}"""


def _projected(key: str, value: str, root: NodeProjection, row: str = "") -> str:
    """``MATCH`` the node whose key property ``key`` is ``value``, read its lists, and
    ``RETURN [row,] node``."""
    calls = "".join(_list_call("n", spec) for spec in root.lists)
    inner = tuple(f"{list_key(spec.slot)}: l{spec.slot}" for spec in root.lists)
    return (
        f"MATCH (n:{identifier(root.label)} {{{identifier(key)}: {value}}})"
        + calls
        + f"\nRETURN {row}{_map('n', root.properties, inner)} AS node"
    )


@cache
def projection_query(key: str, root: NodeProjection) -> str:
    """One node by ``$key`` (its key property ``key``) with what ``root`` reads of it, nested
    lists included, in one query. Rows: none when the node is unknown, else ``node``."""
    return _projected(key, "$key", root)


@cache
def batched_projection_query(key: str, root: NodeProjection) -> str:
    """:func:`projection_query` for every key of ``$batch.keys`` at once, with the same
    ``$pages``. Rows: ``(b, node)`` for each key found, ``b`` its position in the keys (a key
    listed twice is read twice). The keys come inside a map because Neo4j plans a query again
    for each range of sizes of a list parameter (1, 2-10, 11-100, ...), about 0.2 s each time,
    but not for a list inside a map: one plan serves every batch size."""
    return ("UNWIND range(0, size($batch.keys) - 1) AS b\n"
            + _projected(key, "$batch.keys[b]", root, "b, "))


# --- search ---------------------------------------------------------------------------------

def _projection_by_type(var: str, types: str) -> str:
    """``CASE types WHEN 'Skill' THEN var {...} ...``: the served properties of the node
    ``var`` whose type name is the expression ``types``."""
    cases = " ".join(
        f"WHEN '{label}' THEN {_projection(var, label)}" for label in SEARCHABLE_LABELS
    )
    return f"CASE {types} {cases} END"


SEARCHABLE_LABELS = ("Skill", "Occupation", "OnetOccupation", "Program")

SEARCH = f"""
UNWIND $indexes AS ix
CALL (ix) {{
  CALL db.index.fulltext.queryNodes(ix.name, $query, {{limit: $cap}}) YIELD node
  WITH collect(node) AS texts
  UNWIND range(1, size(texts)) AS rank
  RETURN texts[rank - 1] AS node, rank AS textRank, null AS cosine
  UNION ALL
  WITH ix WHERE ix.vector IS NOT NULL AND $vector IS NOT NULL
  CALL db.index.vector.queryNodes(ix.vector, $semantic, $vector) YIELD node, score
  RETURN node, null AS textRank, score AS cosine
}}
WITH ix.type AS type, node[ix.key] AS key, node, textRank, cosine
ORDER BY coalesce(cosine, -2.0) DESC
WITH collect({{type: type, key: key, node: node, textRank: textRank, cosine: cosine}}) AS rows
UNWIND range(1, size(rows)) AS i
WITH rows[i - 1] AS row, CASE WHEN rows[i - 1].cosine IS NULL THEN null ELSE i END AS semanticRank
WITH row.type AS type, row.key AS key, row.node AS node, min(row.textRank) AS textRank,
     min(semanticRank) AS semanticRank, max(row.cosine) AS cosine
WITH type, key, node, textRank, semanticRank, cosine,
     coalesce(1.0 / ($rrf + textRank), 0.0) + coalesce(1.0 / ($rrf + semanticRank), 0.0) AS score
ORDER BY score DESC, coalesce(cosine, -2.0) DESC, type, key
WITH collect({{type: type, node: node, textRank: textRank, semanticRank: semanticRank,
              score: score}}) AS hits
WITH size(hits) AS total, hits[$offset..$offset + $limit] AS window
CALL (window) {{
  UNWIND window AS hit
  WITH hit, hit.node AS n
  RETURN collect({{type: hit.type, score: hit.score, textRank: hit.textRank,
                  semanticRank: hit.semanticRank,
                  props: {_projection_by_type("n", "hit.type")}}}) AS page
}}
RETURN total, page
"""
"""Full-text hits of each index in ``$indexes`` (maps: type, name, key, vector) ranked within
their index (``textRank``), and the ``$semantic`` nodes of each index whose label vector is
nearest to ``$vector`` (the text's MiniLM vector; null: none) ranked by cosine across all the
indexes (``semanticRank``: one model's cosines to one query compare across kinds), fused by
reciprocal rank (``$rrf``): a node's score is the sum of ``1 / ($rrf + rank)`` over its ranks.
Hits are ordered by score, then cosine, type and key; the one row holds their ``total`` and the
``page`` from ``$offset`` (``$limit`` hits: type, score, ranks and the node's served
properties)."""

# --- stats and the model --------------------------------------------------------------------

STATS_LABELS = (
    "Skill", "SkillGroup", "Occupation", "IscoGroup", "OnetOccupation", "OnetDescriptor",
    "Technology", "Program", "JobAd",
)
STATS_TYPES = (
    "BROADER", "REQUIRES", "RELATED_TO", "MAPS_TO", "RATES", "USES_TECHNOLOGY",
    "RELATED_OCCUPATION", "PREPARES_FOR", "NORMALIZED_TO", "MENTIONS",
)


CURRENT_MODEL = """
OPTIONAL MATCH (m:ModelVersion {current: true})
WITH m ORDER BY m.createdAt DESC LIMIT 1
RETURN m {.version, .createdAt, .dimensions, .metrics, .dataFingerprint} AS model
"""


def stats_query() -> str:
    """Counts per label and relationship type, each from the count store (no scans), and the
    current model (``CURRENT_MODEL``), in one round trip."""
    parts = [
        f"CALL () {{ MATCH (n:{identifier(label)}) RETURN count(n) AS n{i} }}"
        for i, label in enumerate(STATS_LABELS)
    ]
    parts += [
        f"CALL () {{ MATCH ()-[r:{identifier(t)}]->() RETURN count(r) AS r{i} }}"
        for i, t in enumerate(STATS_TYPES)
    ]
    parts.append(f"CALL () {{ {CURRENT_MODEL.strip()} }}")
    nodes = ", ".join(f"n{i}" for i in range(len(STATS_LABELS)))
    rels = ", ".join(f"r{i}" for i in range(len(STATS_TYPES)))
    return "\n".join(parts) + f"\nRETURN [{nodes}] AS nodes, [{rels}] AS relationships, model"



VECTOR_INDEXES = "SHOW VECTOR INDEXES YIELD name, state RETURN name, state"

PING = "RETURN 1 AS ok"

# --- the learned model --------------------------------------------------------------------

RELATED_SKILLS = f"""
MATCH (s:Skill {{uri: $uri}})
OPTIONAL CALL (s) {{
  WITH s WHERE s.embedding IS NOT NULL
  CALL db.index.vector.queryNodes('skill_embedding', $k, s.embedding) YIELD node, score
  WITH node, score WHERE node <> s
  RETURN collect({{props: {_projection('node', 'Skill')}, score: score}}) AS hits
}}
RETURN {_projection('s', 'Skill')} AS skill,
       s.embedding IS NOT NULL AS embedded, coalesce(hits, []) AS hits
"""


def occupation_neighbours(label: str, key: str) -> str:
    """Nearest occupations of ``label`` (keyed by ``key``) for each of ``$ids``.

    ``$transitionIndex`` is queried with a node's ``transitionSource`` when ``$directed`` and the
    node has one, else ``$embeddingIndex`` with its ``embedding``; ``$k`` hits, never the node.
    Rows: ``id``, ``props`` (the node's), ``embedded`` (the node has vectors), ``hits``
    (``{props, score}``, best first).
    """
    lab, k = identifier(label), identifier(key)
    return f"""
UNWIND $ids AS id
MATCH (o:{lab} {{{k}: id}})
OPTIONAL CALL (o) {{
  WITH o WHERE $directed AND o.transitionSource IS NOT NULL
  CALL db.index.vector.queryNodes($transitionIndex, $k, o.transitionSource) YIELD node, score
  WITH node, score WHERE node <> o
  RETURN collect({{props: {_projection('node', label)}, score: score}}) AS directed
}}
OPTIONAL CALL (o) {{
  WITH o WHERE NOT ($directed AND o.transitionSource IS NOT NULL) AND o.embedding IS NOT NULL
  CALL db.index.vector.queryNodes($embeddingIndex, $k, o.embedding) YIELD node, score
  WITH node, score WHERE node <> o
  RETURN collect({{props: {_projection('node', label)}, score: score}}) AS similar
}}
RETURN id, {_projection('o', label)} AS props,
       o.embedding IS NOT NULL OR o.transitionSource IS NOT NULL AS embedded,
       coalesce(CASE WHEN $directed AND o.transitionSource IS NOT NULL
                     THEN directed ELSE similar END, []) AS hits
"""


def _any_occupation(var: str, key: str) -> str:
    """A CALL binding ``var`` to the ESCO occupation (by URI) or O*NET occupation (by code)
    whose key is ``key`` (an expression), each matched through its own index."""
    return (
        f"CALL (p) {{ OPTIONAL MATCH (x:Occupation {{uri: {key}}}) "
        f"OPTIONAL MATCH (y:OnetOccupation {{code: {key}}}) RETURN coalesce(x, y) AS {var} }}"
    )


PAIR_SCORES = f"""
UNWIND $pairs AS p
{_any_occupation("a", "p.from")}
{_any_occupation("b", "p.to")}
WITH p, a, b WHERE a IS NOT NULL AND b IS NOT NULL
RETURN p.from AS from, p.to AS to,
       CASE WHEN $directed AND a.transitionSource IS NOT NULL AND b.transitionTarget IS NOT NULL
            THEN vector.similarity.cosine(a.transitionSource, b.transitionTarget)
            WHEN a.embedding IS NOT NULL AND b.embedding IS NOT NULL
            THEN vector.similarity.cosine(a.embedding, b.embedding)
            ELSE null END AS score
"""

# The skills are grouped by the O*NET occupation they lead to before its programs are read,
# so that each occupation's programs are expanded once rather than once per path to it: the
# same answer with over a third fewer db hits (86k instead of 136k for the five transitions
# of benchmarks/api.py; 10.3 instead of 13.7 ms).
PROGRAMS_FOR_SKILLS = f"""
UNWIND $requests AS q
CALL (q) {{
  MATCH (s:Skill) WHERE s.uri IN q.skills
  MATCH (s)<-[:REQUIRES]-(:Occupation)-[:MAPS_TO]->(t:OnetOccupation)
  WITH t, collect(DISTINCT s.uri) AS skills
  MATCH (t)<-[:PREPARES_FOR]-(p:Program)
  UNWIND skills AS uri
  WITH p, count(DISTINCT uri) AS covers
  ORDER BY covers DESC, p.cipCode
  LIMIT $limit
  RETURN collect({{props: {_projection('p', 'Program')}, covers: covers}}) AS programs
}}
RETURN q.i AS i, programs
"""

PROGRAMS_FOR_DESCRIPTORS = f"""
UNWIND $requests AS q
CALL (q) {{
  UNWIND q.skills AS id
  MATCH (:OnetDescriptor {{id: id}})<-[r:RATES]-(:OnetOccupation)<-[:PREPARES_FOR]-(p:Program)
  WHERE r.importance >= $important AND coalesce(r.notRelevant, false) = false
  WITH p, count(DISTINCT id) AS covers, sum(r.importance) AS weight
  ORDER BY covers DESC, weight DESC, p.cipCode
  LIMIT $limit
  RETURN collect({{props: {_projection('p', 'Program')}, covers: covers}}) AS programs
}}
RETURN q.i AS i, programs
"""
