#!/usr/bin/env bash
# Prints example predictions from the trained model and two GraphQL queries to try.
# Usage: scripts/demo-examples.sh SKILLGRAPH_EXECUTABLE
set -euo pipefail
SG=${1:-skillgraph}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SKILL=http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388
OCCUPATION=http://data.europa.eu/esco/occupation/fe0fa514-b48d-4a53-9757-a283c0baacf0

echo "$SKILL" > "$tmp/skills.txt"
printf '%s\n15-1211.00\n' "$OCCUPATION" > "$tmp/occupations.txt"
"$SG" predict related-skills --input "$tmp/skills.txt" --k 5 --output "$tmp/related.jsonl"
"$SG" predict career-transitions --input "$tmp/occupations.txt" --k 5 --output "$tmp/next.jsonl"

echo
echo "Skills related to 'project management' (learned model):"
python3 - "$tmp/related.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    for p in json.loads(line)["predictions"]:
        print(f"  {p['score']:.3f}  {p['label']}")
PY
echo "Likely next occupations (learned model):"
python3 - "$tmp/next.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    rec = json.loads(line)
    print(f"  from {rec['source']}:")
    for p in rec["predictions"]:
        print(f"    {p['score']:.3f}  {p['label']}")
PY

cat <<EOF2

The GraphQL API starts now at http://127.0.0.1:8000/graphql (GraphiQL in a browser).
Two queries to try:

  curl -s http://127.0.0.1:8000/graphql -H 'content-type: application/json' -d '{"query":
    "{ occupation(uri: \"$OCCUPATION\") { ... on Occupation { label essentialSkills(first: 5) { totalCount edges { node { label } } } } } }"}'

  curl -s http://127.0.0.1:8000/graphql -H 'content-type: application/json' -d '{"query":
    "{ careerTransitions(from: \"$OCCUPATION\", first: 3) { ... on CareerTransitions { transitions { score occupation { ... on Occupation { label } ... on OnetOccupation { title } } missingSkills { label essential importance } } } } }"}'

Neo4j Browser: http://127.0.0.1:7474/browser/   Cypher console: $SG cypher
EOF2
