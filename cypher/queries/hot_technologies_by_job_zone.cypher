// Which hot technologies are used by the most O*NET occupations in each job zone?
//
// @param perZone = 5
// @columns jobZone, technology, occupations
//
// Job zones run from 1 (little preparation) to 5 (extensive preparation). A technology is hot
// for an occupation when its USES_TECHNOLOGY relationship has hot = true. occupations: how many
// occupations of the zone use the technology as a hot technology; the top perZone per zone.
MATCH (oo:OnetOccupation)-[:USES_TECHNOLOGY {hot: true}]->(t:Technology)
WHERE oo.jobZone IS NOT NULL
WITH oo.jobZone AS jobZone, t.name AS technology, count(DISTINCT oo) AS occupations
ORDER BY jobZone, occupations DESC, technology
WITH jobZone, collect({technology: technology, occupations: occupations})[..$perZone] AS top
UNWIND top AS entry
RETURN jobZone, entry.technology AS technology, entry.occupations AS occupations
ORDER BY jobZone, occupations DESC, technology;
