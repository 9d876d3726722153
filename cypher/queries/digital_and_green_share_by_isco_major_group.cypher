// How digital and how green are the essential requirements of each ISCO-08 major group?
//
// @columns iscoMajorGroup, groupLabel, essentialRequirements, digitalPercent, greenPercent
//
// Counts essential REQUIRES relationships of ESCO occupations grouped by the first digit of
// their ISCO code. digitalPercent / greenPercent: share of them pointing to a skill of the
// ESCO digital (DigitalSkill) or green (GreenSkill) collection, in percent.
MATCH (o:Occupation)-[:REQUIRES {essential: true}]->(s:Skill)
WHERE o.iscoCode IS NOT NULL
WITH left(o.iscoCode, 1) AS major, count(*) AS essential,
     count(CASE WHEN s:DigitalSkill THEN 1 END) AS digital,
     count(CASE WHEN s:GreenSkill THEN 1 END) AS green
OPTIONAL MATCH (g:IscoGroup {code: major})
RETURN major AS iscoMajorGroup, g.label AS groupLabel, essential AS essentialRequirements,
       round(100.0 * digital / essential, 1) AS digitalPercent,
       round(100.0 * green / essential, 1) AS greenPercent
ORDER BY iscoMajorGroup;
