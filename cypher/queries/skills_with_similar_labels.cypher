// Which skills mean nearly the same as a skill, judged by their labels, and does ESCO link them?
//
// @param skill = "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
// @param k = 10
// @columns skill, skillUri, score, alreadyRelated, sharedOccupations
// @may-be-empty
//
// Uses the vector index skill_label_embedding over Skill.labelEmbedding: the meaning of each
// label (all-MiniLM-L6-v2, cosine; written by `skillgraph train`). Unlike
// skill_nearest_neighbours.cypher, which reads the learned embedding (where a skill sits in
// the graph), this compares what the labels say, so it finds near-synonyms and variants of a
// skill. score: cosine similarity mapped to 0-1 by Neo4j (higher = closer in meaning).
// alreadyRelated: whether ESCO links the two skills with RELATED_TO. sharedOccupations: how
// many occupations require both. A close label that is neither related nor shared is a
// candidate duplicate, or a link ESCO lacks. No rows until label vectors have been written.
MATCH (s:Skill {uri: $skill})
WHERE s.labelEmbedding IS NOT NULL
CALL db.index.vector.queryNodes('skill_label_embedding', $k + 1, s.labelEmbedding)
  YIELD node, score
WITH s, node, score
WHERE node <> s
RETURN node.label AS skill, node.uri AS skillUri, score,
       EXISTS { (s)-[:RELATED_TO]-(node) } AS alreadyRelated,
       COUNT { (s)<-[:REQUIRES]-(:Occupation)-[:REQUIRES]->(node) } AS sharedOccupations
ORDER BY score DESC, skill
LIMIT $k;
