"""Runtime Cypher of the gnn package: named constants and small builders.

Every value is a ``$parameter``; labels, types and property names are interpolated only after
validation with :func:`graph.queries.identifier`.
"""

from __future__ import annotations

from graph.queries import identifier


def node_columns(label: str, key: str, fields: tuple[str, ...]) -> str:
    """One columnar record: the keys of every ``label`` node (sorted) and one list per field."""
    lab, k = identifier(label), identifier(key)
    columns = ", ".join(
        f"collect(coalesce(toString(n.{identifier(f)}), '')) AS f{i}" for i, f in enumerate(fields)
    )
    return (
        f"MATCH (n:{lab}) WHERE n.{k} IS NOT NULL WITH n ORDER BY n.{k} "
        f"RETURN collect(n.{k}) AS keys" + (f", {columns}" if columns else "")
    )


def edge_columns(
    src: str, src_key: str, rel: str, dst: str, dst_key: str, weight: str | None = None,
    max_rank: int | None = None,
) -> str:
    """One columnar record: source keys, target keys (and an optional numeric weight)."""
    s, t, r = identifier(src), identifier(dst), identifier(rel)
    sk, tk = identifier(src_key), identifier(dst_key)
    w = (
        f", collect(coalesce(toFloatOrNull(r.{identifier(weight)}), "
        f"CASE r.{identifier(weight)} WHEN true THEN 1.0 ELSE 0.0 END)) AS weight"
        if weight is not None
        else ""
    )
    conditions = ["coalesce(r.notRelevant, false) = false"] if rel == "RATES" else []
    if max_rank is not None:
        conditions.append(f"r.rank <= {int(max_rank)}")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return (
        f"MATCH (a:{s})-[r:{r}]->(b:{t}){where} "
        f"RETURN collect(a.{sk}) AS src, collect(b.{tk}) AS dst{w}"
    )


# --- write-back ----------------------------------------------------------------------------

def set_vectors(label: str, key: str, properties: tuple[str, ...]) -> str:
    """Set vector properties on ``label`` nodes from ``$rows`` (``{id, p0, p1, ...}``)."""
    sets = ", ".join(f"n.{identifier(p)} = row.p{i}" for i, p in enumerate(properties))
    return (
        f"UNWIND $rows AS row MATCH (n:{identifier(label)} {{{identifier(key)}: row.id}}) "
        f"SET {sets}"
    )


def remove_properties(label: str, key: str, properties: tuple[str, ...]) -> str:
    """Remove properties from every ``label`` node whose key is in ``$ids``."""
    rem = ", ".join(f"n.{identifier(p)}" for p in properties)
    return (
        f"UNWIND $ids AS id MATCH (n:{identifier(label)} {{{identifier(key)}: id}}) REMOVE {rem}"
    )


def create_vector_index(name: str, label: str, prop: str, dimensions: int) -> str:
    """A cosine vector index (dimensions is an int validated by the caller)."""
    if not isinstance(dimensions, int) or dimensions <= 0:
        raise ValueError(f"expected a positive vector dimension, got {dimensions!r}")
    return (
        f"CREATE VECTOR INDEX {identifier(name)} IF NOT EXISTS "
        f"FOR (n:{identifier(label)}) ON (n.{identifier(prop)}) "
        "OPTIONS {indexConfig: {`vector.dimensions`: "
        f"{dimensions}, `vector.similarity_function`: 'cosine', "
        "`vector.quantization.enabled`: false}}"
    )


def drop_index(name: str) -> str:
    return f"DROP INDEX {identifier(name)} IF EXISTS"


VECTOR_INDEX_OPTIONS = """
SHOW VECTOR INDEXES YIELD name, options
WHERE name = $name
RETURN options.indexConfig['vector.dimensions'] AS dimensions,
       options.indexConfig['vector.quantization.enabled'] AS quantized
"""

AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"

UNSET_CURRENT_MODEL = "MATCH (m:ModelVersion) WHERE m.current SET m.current = false"

CREATE_MODEL_VERSION = """
MERGE (m:ModelVersion {version: $version})
SET m.createdAt = datetime($createdAt), m.dimensions = $dimensions, m.metrics = $metrics,
    m.dataFingerprint = $dataFingerprint, m.current = true
"""

CURRENT_MODEL = """
MATCH (m:ModelVersion {current: true})
RETURN m.version AS version, m.dimensions AS dimensions, m.dataFingerprint AS dataFingerprint
"""

# --- prediction ----------------------------------------------------------------------------

def vector_neighbours(label: str, key: str, display: str, vector: str, index: str) -> str:
    """Top ``$k`` neighbours for each source key in ``$ids``, never the source itself.

    Rows: ``source``, then ``ids`` / ``labels`` / ``scores`` best first; sources without a
    vector return nothing.
    """
    lab, k, d, v = identifier(label), identifier(key), identifier(display), identifier(vector)
    return (
        f"UNWIND $ids AS id MATCH (s:{lab} {{{k}: id}}) WHERE s.{v} IS NOT NULL "
        "CALL (s) { "
        f"CALL db.index.vector.queryNodes({_quote(index)}, $k + 1, s.{v}) YIELD node, score "
        "WHERE node <> s RETURN node, score ORDER BY score DESC LIMIT $k } "
        f"WITH id, collect([node.{k}, coalesce(node.{d}, ''), score]) AS hits "
        "RETURN id AS source, hits"
    )


def _quote(name: str) -> str:
    identifier(name)  # validates
    return f"'{name}'"


# --- explanations --------------------------------------------------------------------------

# Each explanation query takes ``$ids`` and answers one row (id, label, skills) per known id.

ESCO_OCCUPATION_SKILLS = """
UNWIND $ids AS id
MATCH (o:Occupation {uri: id})
OPTIONAL MATCH (o)-[r:REQUIRES]->(s:Skill)
RETURN id, o.label AS label,
       collect(CASE WHEN s IS NULL THEN null ELSE
               {id: s.uri, label: s.label, essential: coalesce(r.essential, false)} END) AS skills
"""

ONET_OCCUPATION_DESCRIPTORS = """
UNWIND $ids AS id
MATCH (o:OnetOccupation {code: id})
OPTIONAL MATCH (o)-[r:RATES]->(d:OnetDescriptor)
WHERE coalesce(r.notRelevant, false) = false
RETURN id, o.title AS label,
       collect(CASE WHEN d IS NULL THEN null ELSE
               {id: d.id, label: d.name, importance: toFloat(r.importance)} END) AS skills
"""

ESCO_OCCUPATION_DESCRIPTORS = """
UNWIND $ids AS id
MATCH (e:Occupation {uri: id})
OPTIONAL MATCH (e)-[:MAPS_TO]->(o:OnetOccupation)-[r:RATES]->(d:OnetDescriptor)
WHERE coalesce(r.notRelevant, false) = false
WITH id, e, d, avg(toFloat(r.importance)) AS importance
RETURN id, e.label AS label,
       collect(CASE WHEN d IS NULL THEN null ELSE
               {id: d.id, label: d.name, importance: importance} END) AS skills
"""
