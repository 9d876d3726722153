// Which skills are nearest to a skill in the learned embedding space?
//
// @param skill = "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
// @param k = 10
// @columns skill, skillUri, score, alreadyRelated
// @may-be-empty
//
// Uses the vector index skill_embedding over Skill.embedding (cosine; written by
// `skillgraph train`). score: cosine similarity mapped to 0-1 by Neo4j (higher = closer).
// alreadyRelated: whether ESCO already links the two skills with RELATED_TO; neighbours that
// are not are the model's suggestions. No rows until embeddings have been written.
MATCH (s:Skill {uri: $skill})
WHERE s.embedding IS NOT NULL
CALL db.index.vector.queryNodes('skill_embedding', $k + 1, s.embedding) YIELD node, score
WITH s, node, score
WHERE node <> s
RETURN node.label AS skill, node.uri AS skillUri, score,
       EXISTS { (s)-[:RELATED_TO]-(node) } AS alreadyRelated
ORDER BY score DESC, skill
LIMIT $k;
