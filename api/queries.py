"""Runtime Cypher of the API: named constants and small builders.

Every value is a ``$parameter``; labels, keys and index names are interpolated only from the
fixed tables below (checked with :func:`graph.queries.identifier`), never from user input.
Batched queries take ``$keys`` (a list of maps) and answer one row per key, so a DataLoader
turns any number of lookups into one round trip.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.queries import identifier

#: Properties never sent to clients (learned vectors are large and opaque).
HIDDEN_PROPERTIES = ("embedding", "transitionSource", "transitionTarget")


def _projection(var: str) -> str:
    """``var {.*}`` without the vector properties."""
    hidden = ", ".join(f"{p}: null" for p in HIDDEN_PROPERTIES)
    return f"{var} {{.*, {hidden}}}"


# --- lookups by key ------------------------------------------------------------------------


def nodes_by_key(label: str, key: str) -> str:
    """Nodes of one label by their key: ``$keys`` (list of key values) -> rows (key, props)."""
    return (
        f"UNWIND $keys AS k MATCH (n:{identifier(label)} {{{identifier(key)}: k}}) "
        f"RETURN k AS key, {_projection('n')} AS props"
    )


# --- neighbour pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """One neighbour list: a MATCH from ``(n)`` (bound by ``k.key``) to ``(m)`` via ``[r]``.

    ``match`` may filter on ``k.essential`` / ``k.domain``, optional filters carried in the key.
    """

    match: str
    order: str


def _rel(start: str, key: str, pattern: str, where: str = "") -> str:
    head = f"MATCH (n:{identifier(start)} {{{identifier(key)}: k.key}}){pattern}"
    return f"{head} WHERE {where}" if where else head


ESSENTIAL_FILTER = "(k.essential IS NULL OR r.essential = k.essential)"

RELATIONS: dict[str, Relation] = {
    "skill_broader": Relation(_rel("Skill", "uri", "-[r:BROADER]->(m:Skill)"), "m.label, m.uri"),
    "skill_narrower": Relation(_rel("Skill", "uri", "<-[r:BROADER]-(m:Skill)"), "m.label, m.uri"),
    "skill_groups": Relation(
        _rel("Skill", "uri", "-[r:BROADER]->(m:SkillGroup)"), "m.label, m.uri"
    ),
    "skill_related": Relation(
        _rel("Skill", "uri", "-[r:RELATED_TO]-(m:Skill)"), "r.essential DESC, m.label, m.uri"
    ),
    "skill_occupations": Relation(
        _rel("Skill", "uri", "<-[r:REQUIRES]-(m:Occupation)", ESSENTIAL_FILTER),
        "r.essential DESC, m.label, m.uri",
    ),
    "skill_job_ads": Relation(_rel("Skill", "uri", "<-[r:MENTIONS]-(m:JobAd)"), "m.id"),
    "group_broader": Relation(
        _rel("SkillGroup", "uri", "-[r:BROADER]->(m:SkillGroup)"), "m.label, m.uri"
    ),
    "group_narrower_groups": Relation(
        _rel("SkillGroup", "uri", "<-[r:BROADER]-(m:SkillGroup)"), "m.label, m.uri"
    ),
    "group_skills": Relation(
        _rel("SkillGroup", "uri", "<-[r:BROADER]-(m:Skill)"), "m.label, m.uri"
    ),
    "occupation_skills": Relation(
        _rel("Occupation", "uri", "-[r:REQUIRES]->(m:Skill)", ESSENTIAL_FILTER),
        "r.essential DESC, m.label, m.uri",
    ),
    "occupation_broader": Relation(
        _rel("Occupation", "uri", "-[r:BROADER]->(m:Occupation)"), "m.label, m.uri"
    ),
    "occupation_narrower": Relation(
        _rel("Occupation", "uri", "<-[r:BROADER]-(m:Occupation)"), "m.label, m.uri"
    ),
    "occupation_onet": Relation(
        _rel("Occupation", "uri", "-[r:MAPS_TO]->(m:OnetOccupation)"),
        "r.confidence DESC, m.code",
    ),
    "occupation_job_ads": Relation(
        _rel("Occupation", "uri", "<-[r:NORMALIZED_TO]-(m:JobAd)"), "r.score DESC, m.id"
    ),
    "onet_ratings": Relation(
        _rel(
            "OnetOccupation",
            "code",
            "-[r:RATES]->(m:OnetDescriptor)",
            "(k.domain IS NULL OR m.domain = k.domain)",
        ),
        "r.importance DESC, m.id",
    ),
    "onet_technologies": Relation(
        _rel("OnetOccupation", "code", "-[r:USES_TECHNOLOGY]->(m:Technology)"),
        "r.hot DESC, m.name",
    ),
    "onet_related": Relation(
        _rel("OnetOccupation", "code", "-[r:RELATED_OCCUPATION]->(m:OnetOccupation)"),
        "r.index, m.code",
    ),
    "onet_esco": Relation(
        _rel("OnetOccupation", "code", "<-[r:MAPS_TO]-(m:Occupation)"), "m.label, m.uri"
    ),
    "onet_programs": Relation(
        _rel("OnetOccupation", "code", "<-[r:PREPARES_FOR]-(m:Program)"), "m.cipCode"
    ),
    "technology_occupations": Relation(
        _rel("Technology", "name", "<-[r:USES_TECHNOLOGY]-(m:OnetOccupation)"), "m.code"
    ),
    "program_onet": Relation(
        _rel("Program", "cipCode", "-[r:PREPARES_FOR]->(m:OnetOccupation)"), "m.code"
    ),
    "job_ad_occupations": Relation(
        _rel("JobAd", "id", "-[r:NORMALIZED_TO]->(m:Occupation)"), "r.rank, m.uri"
    ),
    "job_ad_skills": Relation(
        _rel("JobAd", "id", "-[r:MENTIONS]->(m:Skill)"), "r.score DESC, m.uri"
    ),
}


def neighbour_pages(relation: str) -> str:
    """One page of a neighbour list for each of ``$keys`` (maps: i, key, offset, limit, filters).

    Rows: ``i`` (the key's position), ``total`` (list length), ``page`` (list of
    ``{node: props, rel: props}``).
    """
    spec = RELATIONS[relation]
    return f"""
UNWIND $keys AS k
CALL (k) {{
  OPTIONAL {spec.match}
  WITH m, r ORDER BY {spec.order}
  WITH collect(CASE WHEN m IS NULL THEN null
                    ELSE {{node: {_projection('m')}, rel: properties(r)}} END) AS rows
  RETURN size(rows) AS total, rows[k.offset..k.offset + k.limit] AS page
}}
RETURN k.i AS i, total, page
"""


# --- search ---------------------------------------------------------------------------------

FULLTEXT_SEARCH = """
UNWIND $indexes AS ix
CALL (ix) {
  CALL db.index.fulltext.queryNodes(ix.name, $query, {limit: $cap}) YIELD node, score
  RETURN collect(node[ix.key]) AS keys, head(collect(node)) AS top
}
OPTIONAL CALL (ix, top) {
  WITH ix, top WHERE ix.vector IS NOT NULL AND top.embedding IS NOT NULL
  CALL db.index.vector.queryNodes(ix.vector, $semantic, top.embedding) YIELD node, score
  RETURN collect(node[ix.key]) AS similar
}
RETURN ix.type AS type, keys, coalesce(similar, []) AS similar
"""

# --- stats and the model --------------------------------------------------------------------

STATS_LABELS = (
    "Skill", "SkillGroup", "Occupation", "IscoGroup", "OnetOccupation", "OnetDescriptor",
    "Technology", "Program", "JobAd",
)
STATS_TYPES = (
    "BROADER", "REQUIRES", "RELATED_TO", "MAPS_TO", "RATES", "USES_TECHNOLOGY",
    "RELATED_OCCUPATION", "PREPARES_FOR", "NORMALIZED_TO", "MENTIONS",
)


def stats_query() -> str:
    """Counts per label and relationship type, each from the count store (no scans)."""
    parts = [
        f"CALL () {{ MATCH (n:{identifier(label)}) RETURN count(n) AS n{i} }}"
        for i, label in enumerate(STATS_LABELS)
    ]
    parts += [
        f"CALL () {{ MATCH ()-[r:{identifier(t)}]->() RETURN count(r) AS r{i} }}"
        for i, t in enumerate(STATS_TYPES)
    ]
    nodes = ", ".join(f"n{i}" for i in range(len(STATS_LABELS)))
    rels = ", ".join(f"r{i}" for i in range(len(STATS_TYPES)))
    return "\n".join(parts) + f"\nRETURN [{nodes}] AS nodes, [{rels}] AS relationships"


CURRENT_MODEL = """
OPTIONAL MATCH (m:ModelVersion {current: true})
WITH m ORDER BY m.createdAt DESC LIMIT 1
RETURN m {.version, .createdAt, .dimensions, .metrics, .dataFingerprint} AS model
"""

VECTOR_INDEXES = "SHOW VECTOR INDEXES YIELD name, state RETURN name, state"

PING = "RETURN 1 AS ok"

# --- the learned model --------------------------------------------------------------------

RELATED_SKILLS = """
MATCH (s:Skill {uri: $uri})
OPTIONAL CALL (s) {
  WITH s WHERE s.embedding IS NOT NULL
  CALL db.index.vector.queryNodes('skill_embedding', $k, s.embedding) YIELD node, score
  WITH node, score WHERE node <> s
  RETURN collect({props: node {.*, embedding: null, transitionSource: null,
                               transitionTarget: null}, score: score}) AS hits
}
RETURN s.embedding IS NOT NULL AS embedded, coalesce(hits, []) AS hits
"""

_NEIGHBOUR_PROPS = "node {.*, embedding: null, transitionSource: null, transitionTarget: null}"

OCCUPATION_NEIGHBOURS = f"""
UNWIND $uris AS uri
MATCH (o:Occupation {{uri: uri}})
OPTIONAL CALL (o) {{
  WITH o WHERE $directed AND o.transitionSource IS NOT NULL
  CALL db.index.vector.queryNodes('occupation_transition_target', $k, o.transitionSource)
    YIELD node, score
  WITH node, score WHERE node <> o
  RETURN collect({{props: {_NEIGHBOUR_PROPS}, score: score}}) AS directed
}}
OPTIONAL CALL (o) {{
  WITH o WHERE NOT ($directed AND o.transitionSource IS NOT NULL) AND o.embedding IS NOT NULL
  CALL db.index.vector.queryNodes('occupation_embedding', $k, o.embedding) YIELD node, score
  WITH node, score WHERE node <> o
  RETURN collect({{props: {_NEIGHBOUR_PROPS}, score: score}}) AS similar
}}
RETURN uri, o.embedding IS NOT NULL OR o.transitionSource IS NOT NULL AS embedded,
       coalesce(CASE WHEN $directed AND o.transitionSource IS NOT NULL
                     THEN directed ELSE similar END, []) AS hits
"""

PAIR_SCORES = """
UNWIND $pairs AS p
MATCH (a:Occupation {uri: p.from}), (b:Occupation {uri: p.to})
RETURN p.from AS from, p.to AS to,
       CASE WHEN $directed AND a.transitionSource IS NOT NULL AND b.transitionTarget IS NOT NULL
            THEN vector.similarity.cosine(a.transitionSource, b.transitionTarget)
            WHEN a.embedding IS NOT NULL AND b.embedding IS NOT NULL
            THEN vector.similarity.cosine(a.embedding, b.embedding)
            ELSE null END AS score
"""

SKILL_GAPS = f"""
UNWIND $pairs AS p
MATCH (a:Occupation {{uri: p.from}})
MATCH (b:Occupation {{uri: p.to}})
CALL (a, b) {{
  OPTIONAL MATCH (b)-[r:REQUIRES]->(s:Skill)
  WITH s, r, s IS NOT NULL AND EXISTS {{ (a)-[:REQUIRES]->(s) }} AS shared
  ORDER BY r.essential DESC, s.label
  WITH collect(CASE WHEN s IS NOT NULL AND shared THEN {_projection('s')} END) AS shared,
       collect(CASE WHEN s IS NOT NULL AND NOT shared
                    THEN {{props: {_projection('s')}, essential: r.essential}} END) AS missing
  RETURN shared, missing
}}
CALL (b) {{
  OPTIONAL MATCH (b)-[:REQUIRES]->(s:Skill)
  RETURN count(s) AS required
}}
RETURN p.from AS from, p.to AS to, shared, missing, required
"""

PROGRAMS_FOR_SKILLS = f"""
UNWIND $requests AS q
CALL (q) {{
  UNWIND q.skills AS uri
  MATCH (:Skill {{uri: uri}})<-[:REQUIRES]-(:Occupation)-[:MAPS_TO]->(:OnetOccupation)
        <-[:PREPARES_FOR]-(p:Program)
  WITH p, count(DISTINCT uri) AS covers
  ORDER BY covers DESC, p.cipCode
  LIMIT $limit
  RETURN collect({{props: {_projection('p')}, covers: covers}}) AS programs
}}
RETURN q.i AS i, programs
"""

GAP_COUNTS = """
UNWIND $pairs AS p
MATCH (a:Occupation {uri: p.from}), (b:Occupation {uri: p.to})
CALL (a, b) {
  OPTIONAL MATCH (b)-[r:REQUIRES {essential: true}]->(s:Skill)
  WHERE NOT EXISTS { (a)-[:REQUIRES]->(s) }
  RETURN count(s) AS gap
}
RETURN p.from AS from, p.to AS to, gap
"""
