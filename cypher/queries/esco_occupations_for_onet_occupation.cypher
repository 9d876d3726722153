// Which ESCO occupations map to an O*NET occupation, and how confidently?
//
// @param onetCode = "15-1211.00"
// @columns occupation, occupationUri, confidence, similarity, onetCode2010
//
// The Nesta 2020 crosswalk (MAPS_TO with source 'esco-onet-nesta-2020'), chained from O*NET-SOC
// 2010 to 2019. confidence and similarity as published by Nesta; onetCode2010: the code the
// mapping was made to before the chain.
MATCH (o:Occupation)-[m:MAPS_TO {source: 'esco-onet-nesta-2020'}]->(:OnetOccupation {code: $onetCode})
RETURN o.label AS occupation, o.uri AS occupationUri, m.confidence AS confidence,
       m.similarity AS similarity, m.onetCode2010 AS onetCode2010
ORDER BY similarity DESC, occupation;
