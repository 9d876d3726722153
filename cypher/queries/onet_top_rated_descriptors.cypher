// Which O*NET skills (or knowledge areas) matter most for an O*NET occupation?
//
// @param onetCode = "15-1211.00"
// @param domain = "Skills"
// @param limit = 10
// @columns descriptorId, descriptor, importance, level
//
// domain: 'Skills' or 'Knowledge'. importance: O*NET IM scale (1-5); level: LV scale (0-7).
// Ratings O*NET flags as not relevant are left out.
MATCH (:OnetOccupation {code: $onetCode})-[r:RATES]->(d:OnetDescriptor {domain: $domain})
WHERE NOT coalesce(r.notRelevant, false)
RETURN d.id AS descriptorId, d.name AS descriptor, r.importance AS importance, r.level AS level
ORDER BY importance DESC, level DESC, descriptor
LIMIT $limit;
