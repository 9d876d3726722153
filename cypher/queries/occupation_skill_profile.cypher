// What does an ESCO occupation require: essential and optional skills and knowledge?
//
// @param occupation = "http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
// @columns requirement, skillType, skill, skillUri, reuseLevel
//
// requirement: 'essential' or 'optional' (REQUIRES.essential). skillType: 'skill/competence'
// or 'knowledge'. reuseLevel: transversal, cross-sector, sector-specific or occupation-specific.
MATCH (o:Occupation {uri: $occupation})-[r:REQUIRES]->(s:Skill)
RETURN CASE WHEN r.essential THEN 'essential' ELSE 'optional' END AS requirement,
       s.skillType AS skillType, s.label AS skill, s.uri AS skillUri, s.reuseLevel AS reuseLevel
ORDER BY requirement, skillType, skill;
