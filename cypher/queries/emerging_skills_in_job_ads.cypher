// Which skills do job ads ask for that their occupation's ESCO profile lacks (emerging skills)?
//
// @param minAds = 1
// @param limit = 50
// @columns occupation, occupationUri, skill, skillUri, ads
// @may-be-empty
//
// Each job ad counts for its best occupation (NORMALIZED_TO with rank 1, or no rank). A skill
// the ad MENTIONS but the occupation does not REQUIRE is a candidate emerging skill.
// ads: how many job ads of the occupation mention it (at least minAds).
MATCH (j:JobAd)-[n:NORMALIZED_TO]->(o:Occupation)
WHERE coalesce(n.rank, 1) = 1
MATCH (j)-[:MENTIONS]->(s:Skill)
WHERE NOT EXISTS { (o)-[:REQUIRES]->(s) }
WITH o, s, count(DISTINCT j) AS ads
WHERE ads >= $minAds
RETURN o.label AS occupation, o.uri AS occupationUri, s.label AS skill, s.uri AS skillUri, ads
ORDER BY ads DESC, occupation, skill
LIMIT $limit;
