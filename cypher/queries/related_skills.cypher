// Which skills does ESCO relate to a skill, and how often do occupations need both?
//
// @param skill = "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
// @columns skill, skillUri, essential, direction, occupationsRequiringBoth
//
// RELATED_TO in either direction (ESCO skill-skill relations). essential: the relation's
// flag; direction: 'outgoing' when the given skill is the source. occupationsRequiringBoth:
// occupations that REQUIRE the given skill and the related one.
MATCH (s:Skill {uri: $skill})-[r:RELATED_TO]-(t:Skill)
RETURN t.label AS skill, t.uri AS skillUri, r.essential AS essential,
       CASE WHEN startNode(r) = s THEN 'outgoing' ELSE 'incoming' END AS direction,
       COUNT { (o:Occupation)-[:REQUIRES]->(s) WHERE EXISTS { (o)-[:REQUIRES]->(t) } }
         AS occupationsRequiringBoth
ORDER BY occupationsRequiringBoth DESC, skill;
