// Which technologies does an ESCO occupation use, through its O*NET counterparts?
//
// @param occupation = "http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
// @param limit = 25
// @columns technology, commodity, hot, inDemand, onetOccupations
//
// Path: Occupation -MAPS_TO-> OnetOccupation -USES_TECHNOLOGY-> Technology. hot / inDemand:
// true when any of the O*NET occupations flags the technology so; onetOccupations: how many of
// them use it. Hot and in-demand technologies first.
MATCH (:Occupation {uri: $occupation})-[:MAPS_TO]->(oo:OnetOccupation)
      -[u:USES_TECHNOLOGY]->(t:Technology)
WITH t, count(DISTINCT oo) AS onetOccupations,
     any(x IN collect(u.hot) WHERE x) AS hot, any(x IN collect(u.inDemand) WHERE x) AS inDemand
RETURN t.name AS technology, t.commodityTitle AS commodity, hot, inDemand, onetOccupations
ORDER BY hot DESC, inDemand DESC, onetOccupations DESC, technology
LIMIT $limit;
