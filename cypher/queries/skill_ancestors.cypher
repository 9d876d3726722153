// Where does a skill sit in the ESCO skills pillar: its broader skills and skill groups?
//
// @param skill = "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
// @columns depth, ancestor, ancestorUri, kind
//
// Follows BROADER upwards (Skill -> Skill / SkillGroup -> SkillGroup). depth: the shortest
// number of steps from the skill (1 = direct parent). kind: 'Skill' or 'SkillGroup'. A skill
// with several parents lists all of them.
MATCH path = (:Skill {uri: $skill})-[:BROADER*1..10]->(a)
WITH a, min(length(path)) AS depth
RETURN depth, a.label AS ancestor, a.uri AS ancestorUri,
       CASE WHEN a:SkillGroup THEN 'SkillGroup' ELSE 'Skill' END AS kind
ORDER BY depth, ancestor;
