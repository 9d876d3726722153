// Which skills match a few words, through labels, alternative and hidden labels?
//
// @param text = "project management"
// @param limit = 10
// @columns skill, skillUri, skillType, score
//
// Full-text index skill_text (Lucene syntax: words, "phrases", prefix*, fuzzy~).
// score: Lucene relevance (higher = better match).
CALL db.index.fulltext.queryNodes('skill_text', $text) YIELD node, score
RETURN node.label AS skill, node.uri AS skillUri, node.skillType AS skillType, score
ORDER BY score DESC, skill
LIMIT $limit;
