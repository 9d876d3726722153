"""A small graph following docs/graph-model.md, built around the defaults of the query library
(ICT business analyst, ICT test analyst, animal physiotherapist, project management, O*NET
15-1211.00; all of them also in the bundled sample), so every library query has rows."""

from __future__ import annotations

import neo4j

ESCO = "http://data.europa.eu/esco"
BUSINESS_ANALYST = f"{ESCO}/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
TEST_ANALYST = f"{ESCO}/occupation/0ab5c12c-c1c1-4772-8345-aa287d0e391d"
PROJECT_MANAGEMENT = f"{ESCO}/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
ANIMAL_PHYSIOTHERAPIST = f"{ESCO}/occupation/5beafebe-9211-4b3a-adf1-6161097a3975"

SMALL_GRAPH = """
CREATE (ba:Occupation {uri: $ba, label: 'ICT business analyst', iscoCode: '2511', code: '2511.1',
                       labelEmbedding: [1.0, 0.0, 0.0]})
CREATE (ta:Occupation {uri: $ta, label: 'ICT test analyst', iscoCode: '2519', code: '2519.3'})
CREATE (ap:Occupation {uri: $ap, label: 'animal physiotherapist', iscoCode: '2250',
                       code: '2250.2'})
CREATE (web:Occupation {uri: $esco + '/occupation/test-web', label: 'web developer',
                        iscoCode: '2513', code: '2513.2'})
CREATE (pm:Skill:DigitalSkill {uri: $pm, label: 'project management',
                               altLabels: ['managing projects'], skillType: 'knowledge',
                               reuseLevel: 'sector-specific', embedding: [1.0, 0.0, 0.0],
                               labelEmbedding: [1.0, 0.0, 0.0]})
CREATE (patterns:Skill {uri: $esco + '/skill/test-patterns', label: 'use software design patterns',
                        skillType: 'skill/competence', reuseLevel: 'sector-specific',
                        embedding: [0.0, 1.0, 0.0], labelEmbedding: [0.0, 1.0, 0.0]})
CREATE (stats:Skill:DigitalSkill {uri: $esco + '/skill/test-statistics', label: 'statistics',
                                  skillType: 'knowledge', reuseLevel: 'cross-sector',
                                  embedding: [0.9, 0.1, 0.0], labelEmbedding: [0.8, 0.6, 0.0]})
CREATE (talk:Skill:TransversalSkill {uri: $esco + '/skill/test-communicate',
                                     label: 'communicate with others', reuseLevel: 'transversal',
                                     skillType: 'skill/competence'})
CREATE (green:Skill:GreenSkill {uri: $esco + '/skill/test-energy', label: 'reduce energy use',
                                skillType: 'skill/competence', reuseLevel: 'cross-sector'})
CREATE (ict:SkillGroup {uri: $esco + '/isced-f/0613', code: '0613',
                        label: 'software and applications development and analysis'})
CREATE (top:SkillGroup {uri: $esco + '/isced-f/06', code: '06',
                        label: 'information and communication technologies (icts)'})
CREATE (pm)-[:BROADER]->(ict), (ict)-[:BROADER]->(top), (patterns)-[:BROADER]->(ict)
CREATE (pm)-[:RELATED_TO {essential: false}]->(stats)
CREATE (ba)-[:REQUIRES {essential: true}]->(pm), (ba)-[:REQUIRES {essential: true}]->(patterns),
       (ba)-[:REQUIRES {essential: false}]->(talk),
       (ta)-[:REQUIRES {essential: true}]->(pm), (ta)-[:REQUIRES {essential: true}]->(stats),
       (ta)-[:REQUIRES {essential: true}]->(talk),
       (web)-[:REQUIRES {essential: true}]->(pm), (web)-[:REQUIRES {essential: true}]->(patterns),
       (web)-[:REQUIRES {essential: true}]->(green),
       (ap)-[:REQUIRES {essential: true}]->(pm), (ap)-[:REQUIRES {essential: true}]->(patterns)
CREATE (i2:IscoGroup {code: '2', label: 'Professionals', level: 1})
CREATE (i2511:IscoGroup {code: '2511', label: 'Systems analysts', level: 4})
CREATE (i2512:IscoGroup {code: '2512', label: 'Software developers', level: 4})
CREATE (i2511)-[:BROADER]->(i2), (i2512)-[:BROADER]->(i2), (ba)-[:BROADER]->(i2511)
CREATE (osd:OnetOccupation {code: '15-1211.00', title: 'Computer Systems Analysts', jobZone: 4,
                            socCode: '15-1211', labelEmbedding: [0.6, 0.8, 0.0]})
CREATE (ods:OnetOccupation {code: '15-2051.00', title: 'Data Scientists', jobZone: 5,
                            socCode: '15-2051', labelEmbedding: [0.9, 0.1, 0.0]})
CREATE (osd)-[:RELATED_OCCUPATION {tier: 'Primary-Short', index: 1}]->(ods)
CREATE (ba)-[:MAPS_TO {source: 'esco-onet-nesta-2020', confidence: 2, similarity: 0.91,
                       onetCode2010: '15-1132.00'}]->(osd)
CREATE (ta)-[:MAPS_TO {source: 'esco-onet-nesta-2020', confidence: 1, similarity: 0.8,
                       onetCode2010: '15-2041.00'}]->(ods)
CREATE (i2511)-[:MAPS_TO {source: 'bls-isco08-soc2010', socCode2010: '15-1121',
                          onetCode2010: '15-1121.00'}]->(ods)
CREATE (reading:OnetDescriptor {id: '2.A.1.a', name: 'Reading Comprehension', domain: 'Skills'})
CREATE (osd)-[:RATES {importance: 3.9, level: 4.1, notRelevant: false}]->(reading)
CREATE (tech:Technology {name: 'Python', commodityCode: 43232403,
                         commodityTitle: 'Development environment software', hot: true})
CREATE (osd)-[:USES_TECHNOLOGY {hot: true, inDemand: true}]->(tech),
       (ods)-[:USES_TECHNOLOGY {hot: true, inDemand: false}]->(tech)
CREATE (cs:Program {cipCode: '11.0701', title: 'Computer Science.', family: '11'})
CREATE (cs)-[:PREPARES_FOR {socCode: '15-1211'}]->(osd)
CREATE (ad:JobAd {id: 'test-1', title: 'Python developer', source: 'test'})
CREATE (ad)-[:NORMALIZED_TO {score: 0.9, rank: 1}]->(ba)
CREATE (ad)-[:MENTIONS {score: 0.8, span: 'statistics'}]->(stats)
CREATE (ad)-[:MENTIONS {score: 0.9, span: 'Python'}]->(pm)
"""

VECTOR_INDEXES = {
    "skill_embedding": ("Skill", "embedding"),
    "skill_label_embedding": ("Skill", "labelEmbedding"),
    "onet_occupation_label_embedding": ("OnetOccupation", "labelEmbedding"),
}
"""The vector indexes the library reads that the schema does not create (``skillgraph train``
does), each ``name: (label, property)``, over the small graph's 3-dimensional vectors."""


def drop_vector_indexes(driver: neo4j.Driver) -> None:
    """Drop :data:`VECTOR_INDEXES`, so that a later writer makes its own at its own width."""
    for name in VECTOR_INDEXES:
        driver.execute_query(f"DROP INDEX {name} IF EXISTS")


def create_small_graph(driver: neo4j.Driver) -> None:
    """Write the small graph (into an empty database with the schema applied)."""
    driver.execute_query(
        SMALL_GRAPH, ba=BUSINESS_ANALYST, ta=TEST_ANALYST, pm=PROJECT_MANAGEMENT,
        ap=ANIMAL_PHYSIOTHERAPIST, esco=ESCO,
    )
    for name, (label, prop) in VECTOR_INDEXES.items():
        driver.execute_query(
            f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON n.{prop} "
            "OPTIONS {indexConfig: {`vector.dimensions`: 3, "
            "`vector.similarity_function`: 'cosine'}}"
        )
    driver.execute_query("CALL db.awaitIndexes(60)")
