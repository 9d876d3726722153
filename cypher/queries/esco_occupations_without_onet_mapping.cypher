// Which ESCO occupations have no O*NET mapping, and could their ISCO group stand in?
//
// @param limit = 50
// @columns occupation, occupationUri, iscoCode, iscoGroup, iscoGroupMapped
//
// An occupation is unmapped when it has no MAPS_TO relationship to an OnetOccupation.
// iscoGroup: label of its ISCO-08 unit group; iscoGroupMapped: whether that group maps to
// O*NET through the BLS ISCO-08 to SOC crosswalk (a coarser fallback).
MATCH (o:Occupation)
WHERE NOT EXISTS { (o)-[:MAPS_TO]->(:OnetOccupation) }
OPTIONAL MATCH (i:IscoGroup {code: o.iscoCode})
RETURN o.label AS occupation, o.uri AS occupationUri, o.iscoCode AS iscoCode,
       i.label AS iscoGroup,
       CASE WHEN i IS NULL THEN false
            ELSE EXISTS { (i)-[:MAPS_TO]->(:OnetOccupation) } END AS iscoGroupMapped
ORDER BY iscoCode, occupation
LIMIT $limit;
