// Which education programs prepare for occupations that need a given skill?
//
// @param skill = "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388"
// @param limit = 25
// @columns cipCode, program, escoOccupations, onetOccupations
//
// Path: Skill <-REQUIRES- Occupation -MAPS_TO-> OnetOccupation <-PREPARES_FOR- Program.
// escoOccupations: how many ESCO occupations needing the skill the program leads to;
// onetOccupations: up to five of the O*NET occupations in between (titles).
MATCH (s:Skill {uri: $skill})<-[:REQUIRES]-(o:Occupation)-[:MAPS_TO]->(oo:OnetOccupation)
      <-[:PREPARES_FOR]-(p:Program)
WITH p, count(DISTINCT o) AS escoOccupations, collect(DISTINCT oo.title) AS titles
RETURN p.cipCode AS cipCode, p.title AS program, escoOccupations,
       titles[..5] AS onetOccupations
ORDER BY escoOccupations DESC, cipCode
LIMIT $limit;
