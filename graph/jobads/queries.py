"""Cypher of the job-ads package: one named constant per statement; every value a parameter."""

from __future__ import annotations

# --- label sets read from the graph ---------------------------------------------------------

OCCUPATION_LABELS = """
MATCH (o:Occupation)
OPTIONAL MATCH (o)-[:MAPS_TO]->(t:OnetOccupation)
WITH o, collect(t) AS onet
RETURN o.uri AS uri, o.label AS label,
       coalesce(o.altLabels, []) AS altLabels,
       coalesce(o.hiddenLabels, []) AS hiddenLabels,
       coalesce(o.description, '') AS description,
       reduce(acc = [], t IN onet |
              acc + [t.title] + coalesce(t.alternateTitles, []) + coalesce(t.reportedTitles, []))
         AS relatedTitles
ORDER BY uri
"""

SKILL_LABELS = """
MATCH (s:Skill)
RETURN s.uri AS uri, s.label AS label,
       coalesce(s.altLabels, []) AS altLabels,
       coalesce(s.hiddenLabels, []) AS hiddenLabels,
       coalesce(s.description, '') AS description
ORDER BY uri
"""

# One row per occupation, not per REQUIRES: the full graph has some 124,000 of them, and
# reading a row costs the driver far more than reading a longer list (5 s against 0.6 s).
OCCUPATION_REQUIREMENTS = """
MATCH (o:Occupation)-[r:REQUIRES]->(s:Skill)
RETURN o.uri AS occupation, collect(s.uri) AS skills,
       collect(coalesce(r.essential, false)) AS essential
"""

# --- writing job ads ------------------------------------------------------------------------

MERGE_JOB_ADS = """
UNWIND $rows AS row
MERGE (j:JobAd {id: row.id})
SET j.title = row.title, j.text = row.text, j.postedAt = row.postedAt,
    j.employer = row.employer, j.location = row.location, j.source = row.source,
    j.url = row.url
"""

CLEAR_JOB_AD_LINKS = """
UNWIND $rows AS row
MATCH (j:JobAd {id: row.id})-[r:NORMALIZED_TO|MENTIONS]->()
DELETE r
"""

# Run before MERGE_JOB_ADS when the ads are written without annotation: an ad whose title or
# text changed loses the links computed from the old ones (they no longer describe it).
CLEAR_CHANGED_JOB_AD_LINKS = """
UNWIND $rows AS row
MATCH (j:JobAd {id: row.id})-[r:NORMALIZED_TO|MENTIONS]->()
WHERE coalesce(j.title, '') <> row.title OR coalesce(j.text, '') <> row.text
DELETE r
"""

MERGE_NORMALIZED_TO = """
UNWIND $rows AS row
MATCH (j:JobAd {id: row.id})
MATCH (o:Occupation {uri: row.uri})
MERGE (j)-[r:NORMALIZED_TO]->(o)
SET r.score = row.score, r.rank = row.rank
"""

MERGE_MENTIONS = """
UNWIND $rows AS row
MATCH (j:JobAd {id: row.id})
MATCH (s:Skill {uri: row.uri})
MERGE (j)-[r:MENTIONS]->(s)
SET r.score = row.score, r.span = row.span
"""

# --- reading job ads back -------------------------------------------------------------------

JOB_AD_OCCUPATIONS = """
MATCH (j:JobAd {id: $id})-[r:NORMALIZED_TO]->(o:Occupation)
RETURN o.uri AS uri, o.label AS label, r.score AS score, r.rank AS rank
ORDER BY r.rank
"""

JOB_AD_SKILLS = """
MATCH (j:JobAd {id: $id})-[r:MENTIONS]->(s:Skill)
RETURN s.uri AS uri, s.label AS label, r.score AS score, r.span AS span
ORDER BY r.score DESC, s.uri
"""

JOB_AD_MENTIONS = """
MATCH (j:JobAd) WHERE j.title IS NOT NULL
OPTIONAL MATCH (j)-[m:MENTIONS]->(s:Skill)
WITH j, collect(CASE WHEN s IS NULL THEN null ELSE [s.uri, coalesce(m.score, 1.0)] END) AS skills
RETURN j.id AS id, j.title AS title, skills
ORDER BY id
"""
