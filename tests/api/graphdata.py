"""A small graph following docs/graph-model.md, written with plain Cypher, with random unit
embeddings and their vector indexes so the model-backed fields can be exercised."""

from __future__ import annotations

import random

import neo4j

ESCO = "http://data.europa.eu/esco"
DIM = 8
N_SKILLS = 30
N_OCCUPATIONS = 6


def skill_uri(i: int) -> str:
    return f"{ESCO}/skill/s{i:02d}"


def occupation_uri(i: int) -> str:
    return f"{ESCO}/occupation/o{i}"


SKILL_LABELS = {
    1: "Python (computer programming)",
    2: "C++",
    3: "manage budgets",
    4: "data analysis",
}

VECTOR_INDEXES = (
    ("skill_embedding", "Skill", "embedding"),
    ("occupation_embedding", "Occupation", "embedding"),
    ("onet_occupation_embedding", "OnetOccupation", "embedding"),
)


def _unit(rng: random.Random) -> list[float]:
    v = [rng.gauss(0.0, 1.0) for _ in range(DIM)]
    norm = sum(x * x for x in v) ** 0.5
    return [x / norm for x in v]


def requirements() -> list[dict[str, object]]:
    """Occupation 1 needs skills 1-25 (essential) and 26-30 (optional); occupation k > 1
    needs skills k..k+9 (essential), so neighbours share part of their skills."""
    rows: list[dict[str, object]] = []
    for s in range(1, N_SKILLS + 1):
        rows.append({"o": occupation_uri(1), "s": skill_uri(s), "essential": s <= 25})
    for o in range(2, N_OCCUPATIONS + 1):
        for s in range(o, o + 10):
            rows.append({"o": occupation_uri(o), "s": skill_uri(s), "essential": True})
    return rows


def write_graph(driver: neo4j.Driver, *, embeddings: bool = True) -> None:
    rng = random.Random(7)
    skills = [
        {
            "uri": skill_uri(i),
            "label": SKILL_LABELS.get(i, f"skill number {i:02d}"),
            "altLabels": [f"alt skill {i}"],
            "skillType": "knowledge" if i % 2 else "skill/competence",
            "embedding": _unit(rng),
        }
        for i in range(1, N_SKILLS + 1)
    ]
    occupations = [
        {
            "uri": occupation_uri(i),
            "label": ["software developer", "data scientist", "accountant", "budget analyst",
                      "web developer", "statistician"][i - 1],
            "iscoCode": "2512",
            "embedding": _unit(rng),
        }
        for i in range(1, N_OCCUPATIONS + 1)
    ]
    with driver.session() as s:
        s.run(
            "UNWIND $rows AS r CREATE (n:Skill) SET n = r", rows=skills
        ).consume()
        s.run("UNWIND $rows AS r CREATE (n:Occupation) SET n = r", rows=occupations).consume()
        s.run(
            "UNWIND $rows AS r MATCH (o:Occupation {uri: r.o}), (k:Skill {uri: r.s}) "
            "CREATE (o)-[:REQUIRES {essential: r.essential}]->(k)",
            rows=requirements(),
        ).consume()
        s.run(
            """
            CREATE (g:SkillGroup {uri: $g, code: 'S1', label: 'programming'})
            WITH g MATCH (k:Skill) WHERE k.uri IN [$s1, $s2] CREATE (k)-[:BROADER]->(g)
            """,
            g=f"{ESCO}/skill/group-s1", s1=skill_uri(1), s2=skill_uri(2),
        ).consume()
        s.run(
            "MATCH (a:Skill {uri: $a}), (b:Skill {uri: $b}) "
            "CREATE (a)-[:BROADER]->(b), (a)-[:RELATED_TO {essential: true}]->(b)",
            a=skill_uri(2), b=skill_uri(1),
        ).consume()
        s.run(
            "MATCH (a:Occupation {uri: $a}), (b:Occupation {uri: $b}) CREATE (a)-[:BROADER]->(b)",
            a=occupation_uri(5), b=occupation_uri(1),
        ).consume()
        s.run(
            """
            CREATE (oo:OnetOccupation {code: '15-1252.00', title: 'Software Developers',
                    jobZone: 4, socCode: '15-1252', alternateTitles: ['Programmer'],
                    embedding: $e1})
            CREATE (o2:OnetOccupation {code: '15-2051.00', title: 'Data Scientists',
                    jobZone: 5, socCode: '15-2051', embedding: $e2})
            CREATE (oo)-[:RELATED_OCCUPATION {tier: 'Primary-Short', index: 1}]->(o2)
            CREATE (d:OnetDescriptor {id: '2.A.1.a', name: 'Reading Comprehension',
                    domain: 'Skills'})
            CREATE (k:OnetDescriptor {id: '2.C.3.a', name: 'Computers and Electronics',
                    domain: 'Knowledge'})
            CREATE (oo)-[:RATES {importance: 3.9, level: 4.1, notRelevant: false}]->(d)
            CREATE (oo)-[:RATES {importance: 4.6, level: 5.0, notRelevant: false}]->(k)
            CREATE (t:Technology {name: 'Python', commodityCode: '43232405',
                    commodityTitle: 'Object or component oriented development software',
                    hot: true})
            CREATE (oo)-[:USES_TECHNOLOGY {hot: true, inDemand: true}]->(t)
            CREATE (p:Program {cipCode: '11.0701', title: 'Computer Science',
                    definition: 'A program that focuses on computers and computing.',
                    family: '11'})
            CREATE (p)-[:PREPARES_FOR {socCode: '15-1252'}]->(oo)
            WITH oo, o2
            MATCH (o1:Occupation {uri: $o1}), (o6:Occupation {uri: $o6})
            CREATE (o1)-[:MAPS_TO {source: 'esco-onet-nesta-2020', confidence: 0.9}]->(oo)
            CREATE (o6)-[:MAPS_TO {source: 'esco-onet-nesta-2020', confidence: 0.8}]->(o2)
            CREATE (a:JobAd {id: 'ad-1', title: 'Python developer', text: 'We need Python.',
                    source: 'test'})
            CREATE (a)-[:NORMALIZED_TO {score: 0.9, rank: 1}]->(o1)
            WITH a MATCH (k:Skill {uri: $s1})
            CREATE (a)-[:MENTIONS {score: 0.8, span: 'Python'}]->(k)
            """,
            e1=_unit(rng), e2=_unit(rng), o1=occupation_uri(1), o6=occupation_uri(6),
            s1=skill_uri(1),
        ).consume()
        if embeddings:
            for name, label, prop in VECTOR_INDEXES:
                s.run(
                    f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON n.{prop} "
                    "OPTIONS {indexConfig: {`vector.dimensions`: $dim, "
                    "`vector.similarity_function`: 'cosine'}}",
                    dim=DIM,
                ).consume()
            s.run(
                "CREATE (:ModelVersion {version: 'test-1', current: true, dimensions: $dim, "
                "createdAt: '2025-01-01T00:00:00Z'})",
                dim=DIM,
            ).consume()
            s.run("CALL db.awaitIndexes(300)").consume()


def write_embeddings(driver: neo4j.Driver, seed: int = 11) -> None:
    """Random unit vectors on every Skill, Occupation and OnetOccupation of the graph, their
    vector indexes (recreated with ``DIM`` dimensions) and a current ModelVersion."""
    rng = random.Random(seed)
    with driver.session() as s:
        for name, label, prop in VECTOR_INDEXES:
            s.run(f"DROP INDEX {name} IF EXISTS").consume()
            keys = [r["k"] for r in s.run(f"MATCH (n:{label}) RETURN elementId(n) AS k ORDER BY k")]
            s.run(
                f"UNWIND $rows AS r MATCH (n:{label}) WHERE elementId(n) = r.k SET n.{prop} = r.v",
                rows=[{"k": k, "v": _unit(rng)} for k in keys],
            ).consume()
            s.run(
                f"CREATE VECTOR INDEX {name} FOR (n:{label}) ON n.{prop} "
                "OPTIONS {indexConfig: {`vector.dimensions`: $dim, "
                "`vector.similarity_function`: 'cosine'}}",
                dim=DIM,
            ).consume()
        s.run(
            "CREATE (:ModelVersion {version: 'random-1', current: true, dimensions: $dim, "
            "createdAt: '2025-01-01T00:00:00Z'})",
            dim=DIM,
        ).consume()
        s.run("CALL db.awaitIndexes(300)").consume()
