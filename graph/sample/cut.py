"""Cut the bundled sample from the full data, deterministically.

Usage: ``python -m graph.sample.cut DATA_DIR OUT_DIR`` (e.g. ``/work/shared/data graph/sample``).

The sample keeps about 120 ESCO occupations that Nesta's crosswalk maps to O*NET, spread
over several fields (ICT, health, engineering, business, crafts), and everything they reach:
required skills, skill relations among kept skills, broader chains with their skill groups
and ISCO groups, collection rows, the O*NET occupations they map to with their ratings,
technologies, titles and related occupations, the crosswalk rows that link kept nodes, and
the CIP programs preparing for the kept O*NET occupations. Files keep the layout and format
of the originals; Excel files become CSV (crosswalks, header in row 1) or O*NET's
tab-separated text format (O*NET tables).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.loaders.programs import escape_stray_quotes
from graph.loaders.readers import read_excel

ESCO = "esco-v1.1.1"
ONET = "onet-29.2"
NESTA = "crosswalks/esco-onet-nesta-2020"
BLS = "crosswalks/isco08-soc2010-bls"
VERSIONS = "crosswalks/onet-soc-versions"
CIP = "crosswalks/cip2020-soc2018-nces"

FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ICT", ("25", "35")),
    ("health", ("22", "32")),
    ("engineering", ("214", "215", "311", "312")),
    ("business", ("12", "24", "33")),
    ("crafts", ("71", "72", "74", "75")),
)
PER_FIELD = 22
MAX_SKILLS_PER_OCCUPATION = 36
NARROWER_PER_FIELD = 1

ONET_TABLES = (
    "Occupation Data", "Job Zones", "Alternate Titles", "Sample of Reported Titles",
    "Skills", "Knowledge", "Technology Skills", "Related Occupations",
)
COLLECTIONS = (
    "digitalSkillsCollection_en.csv", "greenSkillsCollection_en.csv",
    "transversalSkillsCollection_en.csv", "languageSkillsCollection_en.csv",
    "researchSkillsCollection_en.csv", "digCompSkillsCollection_en.csv",
    "researchOccupationsCollection_en.csv",
)
CIP_CODE = re.compile(r'="([0-9.]+)"')

Table = tuple[list[str], list[dict[str, str]]]


def read_csv(path: Path) -> Table:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]], *,
              bom: bool = False, delimiter: str = ",", lineterminator: str = "\r\n") -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, delimiter=delimiter, lineterminator=lineterminator)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_xlsx(path: Path, required: tuple[str, ...]) -> Table:
    """An Excel table with the same cell texts the loaders see."""
    with path.open("rb") as f:
        rows = [r.cells for r in read_excel(f, str(path), required=required)]
    header: list[str] = list(rows[0]) if rows else list(required)
    return header, rows


class Cutter:
    """Chooses the kept keys and writes every sample file."""

    def __init__(self, data: Path, out: Path) -> None:
        self.data = data
        self.out = out
        self.occupations: set[str] = set()
        self.skills: set[str] = set()
        self.skill_groups: set[str] = set()
        self.isco_uris: set[str] = set()
        self.onet: set[str] = set()
        self.programs: set[str] = set()

    # --- selection ------------------------------------------------------------------------

    def choose_occupations(self) -> list[dict[str, str]]:
        _, occupations = read_csv(self.data / ESCO / "occupations_en.csv")
        known = {o["conceptUri"]: o for o in occupations}
        _, nesta = read_csv(self.data / NESTA / "esco_onet_crosswalk_Nov2020.csv")
        candidates = sorted(
            (r for r in nesta if r["concept_uri"] in known),
            key=lambda r: r["concept_uri"],
        )
        relations = self._skill_counts()
        _, occ_broader = read_csv(self.data / ESCO / "broaderRelationsOccPillar.csv")
        narrower: dict[str, list[str]] = {}
        for r in sorted(occ_broader, key=lambda r: r["conceptUri"]):
            if r["broaderType"] == "Occupation":
                narrower.setdefault(r["broaderUri"], []).append(r["conceptUri"])
        children: list[str] = []
        chosen: list[dict[str, str]] = []
        for _, prefixes in FIELDS:
            # group the field's occupations by O*NET code and take the largest groups first,
            # so that many ESCO occupations share few O*NET occupations (a compact sample)
            groups: dict[str, list[dict[str, str]]] = {}
            for r in candidates:
                if (known[r["concept_uri"]]["iscoGroup"].startswith(prefixes)
                        and 5 <= relations.get(r["concept_uri"], 0) <= MAX_SKILLS_PER_OCCUPATION
                        and r not in chosen):
                    groups.setdefault(r["onet_code"], []).append(r)
            picked: list[dict[str, str]] = []
            for code in sorted(groups, key=lambda c: (-len(groups[c]), c)):
                rest = [r for r in groups[code] if r not in picked]
                picked.extend(rest[: PER_FIELD - len(picked)])
                if len(picked) >= PER_FIELD:
                    break
            chosen.extend(picked)
            # Nesta maps no narrower occupation: keep one per field, for Occupation BROADER
            children.extend([narrower[r["concept_uri"]][0] for r in picked
                             if r["concept_uri"] in narrower][:NARROWER_PER_FIELD])
        self.occupations = {r["concept_uri"] for r in chosen} | set(children)
        return chosen

    def _skill_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        _, rows = read_csv(self.data / ESCO / "occupationSkillRelations.csv")
        for r in rows:
            counts[r["occupationUri"]] = counts.get(r["occupationUri"], 0) + 1
        return counts

    # --- ESCO -----------------------------------------------------------------------------

    def cut_esco(self) -> None:
        esco = self.data / ESCO
        out = self.out / ESCO
        header, relations = read_csv(esco / "occupationSkillRelations.csv")
        kept_relations = [r for r in relations if r["occupationUri"] in self.occupations]
        self.skills = {r["skillUri"] for r in kept_relations}

        header_b, skill_broader = read_csv(esco / "broaderRelationsSkillPillar.csv")
        broader_of = _index(skill_broader, "conceptUri")
        frontier = set(self.skills)
        kept_skill_broader: list[dict[str, str]] = []
        seen: set[str] = set()
        while frontier:
            uri = frontier.pop()
            if uri in seen:
                continue
            seen.add(uri)
            for r in broader_of.get(uri, []):
                kept_skill_broader.append(r)
                target = r["broaderUri"]
                if r["broaderType"] == "SkillGroup":
                    self.skill_groups.add(target)
                else:
                    self.skills.add(target)
                frontier.add(target)
        for r in kept_skill_broader:
            if r["conceptType"] == "SkillGroup":
                self.skill_groups.add(r["conceptUri"])
        write_csv(out / "broaderRelationsSkillPillar.csv", header_b,
                  sorted(kept_skill_broader, key=lambda r: (r["conceptUri"], r["broaderUri"])))

        header_o, occ_broader = read_csv(esco / "broaderRelationsOccPillar.csv")
        occ_broader_of = _index(occ_broader, "conceptUri")
        frontier = set(self.occupations)
        kept_occ_broader: list[dict[str, str]] = []
        seen = set()
        while frontier:
            uri = frontier.pop()
            if uri in seen:
                continue
            seen.add(uri)
            for r in occ_broader_of.get(uri, []):
                kept_occ_broader.append(r)
                target = r["broaderUri"]
                if r["broaderType"] == "ISCOGroup":
                    self.isco_uris.add(target)
                else:
                    self.occupations.add(target)
                frontier.add(target)
        write_csv(out / "broaderRelationsOccPillar.csv", header_o,
                  sorted(kept_occ_broader, key=lambda r: (r["conceptUri"], r["broaderUri"])))

        write_csv(out / "occupationSkillRelations.csv", header,
                  [r for r in relations
                   if r["occupationUri"] in self.occupations and r["skillUri"] in self.skills])
        self._filter(esco / "occupations_en.csv", out,
                     lambda r: r["conceptUri"] in self.occupations)
        self._filter(esco / "skills_en.csv", out, lambda r: r["conceptUri"] in self.skills)
        self._filter(esco / "skillGroups_en.csv", out,
                     lambda r: r["conceptUri"] in self.skill_groups)
        self._filter(esco / "ISCOGroups_en.csv", out, lambda r: r["conceptUri"] in self.isco_uris)
        self._filter(esco / "skillSkillRelations.csv", out,
                     lambda r: r["originalSkillUri"] in self.skills
                     and r["relatedSkillUri"] in self.skills)
        self._filter(esco / "skillsHierarchy_en.csv", out, self._hierarchy_row_kept)
        concepts = self.skills | self.occupations
        for name in COLLECTIONS:
            self._filter(esco / name, out, lambda r: r["conceptUri"] in concepts)
        self._cut_concept_schemes(esco / "conceptSchemes_en.csv", out)

    def _hierarchy_row_kept(self, row: dict[str, str]) -> bool:
        uris = [row[f"Level {i} URI"] for i in range(4) if row.get(f"Level {i} URI")]
        return bool(uris) and all(u in self.skill_groups for u in uris)

    def _cut_concept_schemes(self, path: Path, out: Path) -> None:
        header, rows = read_csv(path)
        kept = self.skills | self.skill_groups | self.occupations | self.isco_uris
        for r in rows:
            tops = [u.strip() for u in re.split(r"[\n,]", r.get("hasTopConcept", "")) if u.strip()]
            r["hasTopConcept"] = ",\n".join(u for u in tops if u in kept)
        write_csv(out / path.name, header, rows)

    def _filter(self, path: Path, out: Path, keep: Callable[[dict[str, str]], bool]) -> None:
        header, rows = read_csv(path)
        write_csv(out / path.name, header, [r for r in rows if keep(r)])

    @property
    def isco_codes(self) -> set[str]:
        return {u.rsplit("/", 1)[-1].removeprefix("C") for u in self.isco_uris}

    # --- crosswalks and O*NET -------------------------------------------------------------

    def cut_crosswalks(self, chosen: list[dict[str, str]]) -> None:
        header, nesta = read_csv(self.data / NESTA / "esco_onet_crosswalk_Nov2020.csv")
        kept_nesta = [r for r in nesta if r["concept_uri"] in self.occupations]
        write_csv(self.out / NESTA / "esco_onet_crosswalk_Nov2020.csv", header, kept_nesta,
                  lineterminator="\n")
        codes_2010 = {r["onet_code"] for r in kept_nesta}

        h, versions = read_xlsx(self.data / VERSIONS / "2010_to_2019_Crosswalk.xlsx",
                                ("O*NET-SOC 2010 Code", "O*NET-SOC 2019 Code"))
        self.onet = {r["O*NET-SOC 2019 Code"] for r in versions
                     if r["O*NET-SOC 2010 Code"] in codes_2010}
        onet_names = {r[0] for r in _onet_codes(self.data)}
        self.onet &= onet_names
        kept_versions = [r for r in versions if r["O*NET-SOC 2019 Code"] in self.onet]
        write_csv(self.out / VERSIONS / "2010_to_2019_Crosswalk.csv", h, kept_versions)
        onet_2010 = {r["O*NET-SOC 2010 Code"] for r in kept_versions}

        h, onet_soc = read_xlsx(self.data / BLS / "ONET_to_US2010SOC.xlsx",
                                ("O*NET-SOC 2010 Code", "2010 SOC Code"))
        kept_onet_soc = [r for r in onet_soc if r["O*NET-SOC 2010 Code"] in onet_2010]
        write_csv(self.out / BLS / "ONET_to_US2010SOC.csv", h, kept_onet_soc)
        soc_2010 = {r["2010 SOC Code"] for r in kept_onet_soc}

        h, isco_soc = read_xlsx(self.data / BLS / "ISCO_SOC_Crosswalk.xls",
                                ("ISCO-08 Code", "2010 SOC Code"))
        isco = self.isco_codes
        write_csv(self.out / BLS / "ISCO_SOC_Crosswalk.csv", h,
                  [r for r in isco_soc
                   if r["ISCO-08 Code"] in isco and r["2010 SOC Code"] in soc_2010])

        h, to_soc = read_xlsx(self.data / VERSIONS / "2019_to_SOC_Crosswalk.xlsx",
                              ("O*NET-SOC 2019 Code", "2018 SOC Code"))
        kept_to_soc = [r for r in to_soc if r["O*NET-SOC 2019 Code"] in self.onet]
        write_csv(self.out / VERSIONS / "2019_to_SOC_Crosswalk.csv", h, kept_to_soc)
        self._cut_cip({r["2018 SOC Code"] for r in kept_to_soc})

    def _cut_cip(self, soc_2018: set[str]) -> None:
        header, links = read_csv(self.data / CIP / "CIP2020_SOC2018_Crosswalk.csv")
        kept_links = [r for r in links if r["SOC2018Code"] in soc_2018]
        self.programs = {r["CIP2020Code"] for r in kept_links}
        # one real row whose SOC code has no O*NET occupation, to show how it is reported
        kept_links += [r for r in links
                       if r["SOC2018Code"] == "99-9999" and r["CIP2020Code"] in self.programs][:1]
        write_csv(self.out / CIP / "CIP2020_SOC2018_Crosswalk.csv", header, kept_links, bom=True)

        raw = escape_stray_quotes((self.data / CIP / "CIPCode2020.csv").read_bytes())
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
        lines = [",".join(f'"{c}"' for c in next(reader))]
        families = {p[:2] for p in self.programs}
        series = {p[:5] for p in self.programs}
        for cells in reader:
            m = CIP_CODE.fullmatch(cells[1])
            code = m.group(1) if m else cells[1]
            if code in self.programs or code in families or code in series:
                lines.append(_cip_line(cells))
        path = self.out / CIP / "CIPCode2020.csv"
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    def cut_onet(self) -> None:
        onet = self.data / ONET
        out = self.out / ONET
        element_ids: set[str] = set()
        for table in ONET_TABLES:
            header, rows = read_xlsx(onet / f"{table}.xlsx", ("O*NET-SOC Code",))
            kept = [r for r in rows if r["O*NET-SOC Code"] in self.onet
                    and r.get("Related O*NET-SOC Code", r["O*NET-SOC Code"]) in self.onet]
            if table in ("Skills", "Knowledge"):
                element_ids |= {r["Element ID"] for r in kept}
            write_csv(out / f"{table}.txt", header, kept, delimiter="\t", lineterminator="\n")
        header, rows = read_xlsx(onet / "Content Model Reference.xlsx", ("Element ID",))
        needed = {".".join(e.split(".")[:i]) for e in element_ids
                  for i in range(1, e.count(".") + 2)}
        write_csv(out / "Content Model Reference.txt", header,
                  [r for r in rows if r["Element ID"] in needed],
                  delimiter="\t", lineterminator="\n")

    def run(self) -> None:
        chosen = self.choose_occupations()
        self.cut_esco()
        self.cut_crosswalks(chosen)
        self.cut_onet()


def _index(rows: list[dict[str, str]], column: str) -> dict[str, list[dict[str, str]]]:
    index: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        index.setdefault(r[column], []).append(r)
    return index


def _onet_codes(data: Path) -> Iterator[tuple[str, str]]:
    _, rows = read_xlsx(data / ONET / "Occupation Data.xlsx", ("O*NET-SOC Code", "Title"))
    for r in rows:
        yield r["O*NET-SOC Code"], r["Title"]


def _cip_line(cells: list[str]) -> str:
    """One CIPCode2020.csv line in NCES's style: codes as ``="01.0101"``, text quoted."""
    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    family, code, action, text_change, title, definition, refs, examples = cells
    return ",".join([
        family, code, quoted(action), text_change, quoted(title), quoted(definition),
        quoted(refs), quoted(examples) if examples else "",
    ])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m graph.sample.cut DATA_DIR OUT_DIR", file=sys.stderr)
        return 2
    cutter = Cutter(Path(args[0]), Path(args[1]))
    cutter.run()
    print(f"{len(cutter.occupations)} occupations, {len(cutter.skills)} skills, "
          f"{len(cutter.onet)} O*NET occupations, {len(cutter.programs)} programs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
