// Which occupations could someone in an occupation reach by learning one more skill?
//
// @param occupation = "http://data.europa.eu/esco/occupation/5beafebe-9211-4b3a-adf1-6161097a3975"
// @param limit = 25
// @columns occupation, occupationUri, skillToLearn, skillUri, essentialSkills
//
// A person is assumed to hold every essential skill of their occupation. An occupation is
// reachable when exactly one of its essential skills is missing from that set: skillToLearn.
// essentialSkills: how many essential skills the reachable occupation has (more = a richer match).
MATCH (from:Occupation {uri: $occupation})-[:REQUIRES {essential: true}]->(have:Skill)
WITH from, collect(DISTINCT have) AS held
MATCH (from)-[:REQUIRES {essential: true}]->(:Skill)<-[:REQUIRES {essential: true}]-(to:Occupation)
WHERE to <> from
WITH DISTINCT from, held, to
MATCH (to)-[:REQUIRES {essential: true}]->(need:Skill)
WITH to, held, collect(DISTINCT need) AS needed
WITH to, needed, [s IN needed WHERE NOT s IN held] AS missing
WHERE size(missing) = 1
RETURN to.label AS occupation, to.uri AS occupationUri,
       missing[0].label AS skillToLearn, missing[0].uri AS skillUri,
       size(needed) AS essentialSkills
ORDER BY essentialSkills DESC, occupation
LIMIT $limit;
