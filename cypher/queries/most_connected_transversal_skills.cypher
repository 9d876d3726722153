// Which transversal skills reach the most occupations, directly or through narrower skills?
//
// @param limit = 25
// @columns skill, skillUri, occupations, directly, narrowerSkills
//
// Transversal skills are those of the ESCO transversal skills collection (label
// TransversalSkill). Occupations seldom require them directly: they require narrower skills
// whose BROADER chain leads to them. occupations: distinct occupations requiring the skill or a
// skill up to three BROADER steps below it; directly: occupations requiring the skill itself;
// narrowerSkills: skills whose direct parent it is.
MATCH (s:TransversalSkill)
CALL (s) {
  OPTIONAL MATCH (o:Occupation)-[:REQUIRES]->(:Skill)-[:BROADER*0..3]->(s)
  RETURN count(DISTINCT o) AS occupations
}
WITH s, occupations
WHERE occupations > 0
RETURN s.label AS skill, s.uri AS skillUri, occupations,
       COUNT { (:Occupation)-[:REQUIRES]->(s) } AS directly,
       COUNT { (:Skill)-[:BROADER]->(s) } AS narrowerSkills
ORDER BY occupations DESC, skill
LIMIT $limit;
