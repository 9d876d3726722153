// Which skills do two ESCO occupations share, and which does only one of them require?
//
// @param occupationA = "http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
// @param occupationB = "http://data.europa.eu/esco/occupation/0ab5c12c-c1c1-4772-8345-aa287d0e391d"
// @columns side, skill, skillUri, essentialForA, essentialForB
//
// side: 'both', 'only A' or 'only B'. essentialForA / essentialForB: whether the REQUIRES
// relationship of that occupation is essential (null when it does not require the skill).
MATCH (a:Occupation {uri: $occupationA}), (b:Occupation {uri: $occupationB})
CALL (a, b) {
  MATCH (a)-[:REQUIRES]->(s:Skill) RETURN s
  UNION
  MATCH (b)-[:REQUIRES]->(s:Skill) RETURN s
}
OPTIONAL MATCH (a)-[ra:REQUIRES]->(s)
OPTIONAL MATCH (b)-[rb:REQUIRES]->(s)
RETURN CASE
         WHEN ra IS NOT NULL AND rb IS NOT NULL THEN 'both'
         WHEN ra IS NOT NULL THEN 'only A'
         ELSE 'only B'
       END AS side,
       s.label AS skill, s.uri AS skillUri,
       ra.essential AS essentialForA, rb.essential AS essentialForB
ORDER BY side, skill;
