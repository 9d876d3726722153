// Where can someone in an O*NET occupation move next, and does it mean more preparation?
//
// @param onetCode = "15-1211.00"
// @columns code, title, tier, rank, jobZoneChange
//
// From O*NET Related Occupations (RELATED_OCCUPATION). tier: Primary-Short, Primary-Long,
// Supplemental; rank: O*NET's index (1 = most related). jobZoneChange: job zone of the target
// minus that of the source (positive = more preparation needed; null when unknown).
MATCH (a:OnetOccupation {code: $onetCode})-[r:RELATED_OCCUPATION]->(b:OnetOccupation)
RETURN b.code AS code, b.title AS title, r.tier AS tier, r.index AS rank,
       b.jobZone - a.jobZone AS jobZoneChange
ORDER BY rank, code;
