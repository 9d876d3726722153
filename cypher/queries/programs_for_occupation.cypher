// Which education programs prepare for an ESCO occupation?
//
// @param occupation = "http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0"
// @columns cipCode, program, family, onetCode, onetTitle
//
// Path: Occupation -MAPS_TO-> OnetOccupation <-PREPARES_FOR- Program (NCES CIP 2020 to SOC
// 2018 crosswalk). family: the two-digit CIP family; onetCode / onetTitle: the O*NET occupation
// through which the program was found.
MATCH (:Occupation {uri: $occupation})-[:MAPS_TO]->(oo:OnetOccupation)<-[:PREPARES_FOR]-(p:Program)
RETURN DISTINCT p.cipCode AS cipCode, p.title AS program, p.family AS family,
       oo.code AS onetCode, oo.title AS onetTitle
ORDER BY cipCode, onetCode;
