// Which O*NET titles are nearest in meaning to an ESCO occupation, and does the crosswalk agree?
//
// @param occupation = "http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
// @param k = 5
// @columns onetOccupation, onetCode, score, crosswalked
// @may-be-empty
//
// Compares the meaning of the ESCO label with every O*NET title (all-MiniLM-L6-v2 vectors in
// Occupation.labelEmbedding and OnetOccupation.labelEmbedding; vector index
// onet_occupation_label_embedding, cosine; written by `skillgraph train`). score: cosine
// similarity mapped to 0-1 by Neo4j. crosswalked: whether the ESCO-O*NET crosswalk maps the
// occupation to that O*NET occupation (MAPS_TO). Close titles the crosswalk leaves out are
// where an analyst might look again, or where the two taxonomies cut a field differently.
// No rows until label vectors have been written.
MATCH (o:Occupation {uri: $occupation})
WHERE o.labelEmbedding IS NOT NULL
CALL db.index.vector.queryNodes('onet_occupation_label_embedding', $k, o.labelEmbedding)
  YIELD node, score
RETURN node.title AS onetOccupation, node.code AS onetCode, score,
       EXISTS { (o)-[:MAPS_TO]->(node) } AS crosswalked
ORDER BY score DESC, onetCode
LIMIT $k;
