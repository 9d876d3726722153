"""Cypher of the loaders: one named constant per statement, ``UNWIND $rows`` with ``MERGE`` on
the stable keys. Every value is a parameter."""

from __future__ import annotations

# --- ESCO -------------------------------------------------------------------------------

MERGE_SKILL_GROUPS = """
UNWIND $rows AS row
MERGE (n:SkillGroup {uri: row.uri})
SET n += row.props
"""

MERGE_SKILLS = """
UNWIND $rows AS row
MERGE (n:Skill {uri: row.uri})
SET n += row.props
"""

MERGE_ISCO_GROUPS = """
UNWIND $rows AS row
MERGE (n:IscoGroup {code: row.code})
SET n += row.props
"""

MERGE_OCCUPATIONS = """
UNWIND $rows AS row
MERGE (n:Occupation {uri: row.uri})
SET n += row.props
"""

# Collection labels (DigitalSkill, GreenSkill, ...) come from a fixed table in the loader.
ADD_SKILL_COLLECTION_LABELS = """
UNWIND $rows AS row
MATCH (n:Skill {uri: row.uri})
SET n:$(row.labels)
"""

# Before the labels are added, each skill of the load loses the collection labels it no longer
# has (row.labels: a subset of the loader's fixed table), so a reload matches the files.
REMOVE_SKILL_COLLECTION_LABELS = """
UNWIND $rows AS row
MATCH (n:Skill {uri: row.uri})
REMOVE n:$(row.labels)
"""

REMOVE_RESEARCH_OCCUPATION_LABEL = """
UNWIND $rows AS row
MATCH (n:Occupation:ResearchOccupation {uri: row.uri})
REMOVE n:ResearchOccupation
"""

ADD_RESEARCH_OCCUPATION_LABEL = """
UNWIND $rows AS row
MATCH (n:Occupation {uri: row.uri})
SET n:ResearchOccupation
"""

MERGE_SKILL_BROADER_SKILL = """
UNWIND $rows AS row
MATCH (a:Skill {uri: row.child})
MATCH (b:Skill {uri: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_SKILL_BROADER_SKILL_GROUP = """
UNWIND $rows AS row
MATCH (a:Skill {uri: row.child})
MATCH (b:SkillGroup {uri: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_SKILL_GROUP_BROADER_SKILL_GROUP = """
UNWIND $rows AS row
MATCH (a:SkillGroup {uri: row.child})
MATCH (b:SkillGroup {uri: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_OCCUPATION_BROADER_OCCUPATION = """
UNWIND $rows AS row
MATCH (a:Occupation {uri: row.child})
MATCH (b:Occupation {uri: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_OCCUPATION_BROADER_ISCO_GROUP = """
UNWIND $rows AS row
MATCH (a:Occupation {uri: row.child})
MATCH (b:IscoGroup {code: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_ISCO_GROUP_BROADER_ISCO_GROUP = """
UNWIND $rows AS row
MATCH (a:IscoGroup {code: row.child})
MATCH (b:IscoGroup {code: row.parent})
MERGE (a)-[:BROADER]->(b)
"""

MERGE_REQUIRES = """
UNWIND $rows AS row
MATCH (o:Occupation {uri: row.occupation})
MATCH (s:Skill {uri: row.skill})
MERGE (o)-[r:REQUIRES]->(s)
SET r.essential = row.essential
"""

MERGE_RELATED_TO = """
UNWIND $rows AS row
MATCH (a:Skill {uri: row.source})
MATCH (b:Skill {uri: row.target})
MERGE (a)-[r:RELATED_TO]->(b)
SET r.essential = row.essential
"""

# --- O*NET ------------------------------------------------------------------------------

MERGE_ONET_OCCUPATIONS = """
UNWIND $rows AS row
MERGE (o:OnetOccupation {code: row.code})
SET o.title = row.title,
    o.description = row.description,
    o.socCode = row.socCode,
    o.jobZone = row.jobZone,
    o.alternateTitles = row.alternateTitles,
    o.reportedTitles = row.reportedTitles
"""

MERGE_ONET_DESCRIPTORS = """
UNWIND $rows AS row
MERGE (d:OnetDescriptor {id: row.id})
SET d.name = row.name, d.domain = row.domain, d.description = row.description
"""

MERGE_TECHNOLOGIES = """
UNWIND $rows AS row
MERGE (t:Technology {name: row.name})
SET t.commodityCode = row.commodityCode, t.commodityTitle = row.commodityTitle, t.hot = row.hot
"""

MERGE_ONET_RATES = """
UNWIND $rows AS row
MATCH (o:OnetOccupation {code: row.code})
MATCH (d:OnetDescriptor {id: row.id})
MERGE (o)-[r:RATES]->(d)
SET r.importance = row.importance, r.level = row.level, r.notRelevant = row.notRelevant
"""

MERGE_USES_TECHNOLOGY = """
UNWIND $rows AS row
MATCH (o:OnetOccupation {code: row.code})
MATCH (t:Technology {name: row.name})
MERGE (o)-[r:USES_TECHNOLOGY]->(t)
SET r.hot = row.hot, r.inDemand = row.inDemand
"""

MERGE_RELATED_OCCUPATIONS = """
UNWIND $rows AS row
MATCH (a:OnetOccupation {code: row.code})
MATCH (b:OnetOccupation {code: row.related})
MERGE (a)-[r:RELATED_OCCUPATION]->(b)
SET r.tier = row.tier, r.index = row.index
"""


# --- crosswalks -------------------------------------------------------------------------

MERGE_OCCUPATION_MAPS_TO = """
UNWIND $rows AS row
MATCH (o:Occupation {uri: row.uri})
MATCH (t:OnetOccupation {code: row.code})
MERGE (o)-[r:MAPS_TO {source: $source}]->(t)
SET r.confidence = row.confidence, r.similarity = row.similarity,
    r.onetCode2010 = row.onetCode2010
"""

MERGE_ISCO_MAPS_TO = """
UNWIND $rows AS row
MATCH (i:IscoGroup {code: row.isco})
MATCH (t:OnetOccupation {code: row.code})
MERGE (i)-[r:MAPS_TO {source: $source}]->(t)
SET r.socCode2010 = row.socCode2010, r.onetCode2010 = row.onetCode2010
"""

# --- programs (CIP) ---------------------------------------------------------------------

MERGE_PROGRAMS = """
UNWIND $rows AS row
MERGE (p:Program {cipCode: row.cipCode})
SET p.title = row.title, p.definition = row.definition, p.family = row.family,
    p.examples = row.examples
"""

MERGE_PREPARES_FOR = """
UNWIND $rows AS row
MATCH (p:Program {cipCode: row.cipCode})
MATCH (t:OnetOccupation {code: row.code})
MERGE (p)-[r:PREPARES_FOR]->(t)
SET r.socCode = row.socCode
"""

# --- job ads ----------------------------------------------------------------------------
