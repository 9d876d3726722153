"""Builders of tiny source files for loader tests, written into ``tmp_path``."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ESCO = "http://data.europa.eu/esco"
SKILL_PYTHON = f"{ESCO}/skill/7a1b-python"
SKILL_JAVA = f"{ESCO}/skill/8c2d-java"
SKILL_COMMUNICATE = f"{ESCO}/skill/9e3f-communicate"
GROUP_ICT = f"{ESCO}/isced-f/06"
GROUP_PROGRAMMING = f"{ESCO}/skill/1f4a-programming-group"
OCC_DEVELOPER = f"{ESCO}/occupation/2b5c-software-developer"
OCC_SENIOR = f"{ESCO}/occupation/3c6d-senior-software-developer"
OCC_MISSING = f"{ESCO}/occupation/4d7e-not-in-the-export"


def isco(code: str) -> str:
    return f"{ESCO}/isco/C{code}"


@dataclass
class Table:
    """One CSV file: a header and rows of cells (row i of ``rows`` is spreadsheet row i + 2)."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def set(self, row: int, column: str, value: str) -> None:
        """Set a cell by spreadsheet row number (the header is row 1) and column name."""
        self.rows[row - 2][self.header.index(column)] = value


def tiny_esco() -> dict[str, Table]:
    """A consistent miniature ESCO export: 3 skills, 2 skill groups, 4 ISCO groups,
    2 occupations, 9 BROADER, 3 REQUIRES (+1 to an occupation missing from the export),
    1 RELATED_TO, collections and a research occupation."""
    return {
        "skillGroups_en.csv": Table(
            ["conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels",
             "status", "description", "code"],
            [["SkillGroup", GROUP_ICT, "information and communication technologies", "ICT",
              "", "released", "", ""],
             ["SkillGroup", GROUP_PROGRAMMING, "computer programming", "", "", "released",
              "Writing programs.", "S1.2"]]),
        "skills_en.csv": Table(
            ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
             "altLabels", "hiddenLabels", "status", "scopeNote", "definition", "description"],
            [["KnowledgeSkillCompetence", SKILL_PYTHON, "knowledge", "cross-sector", "Python",
              "Python 3\npython programming", "py", "released", "", "", "A language."],
             ["KnowledgeSkillCompetence", SKILL_JAVA, "knowledge", "sector-specific", "Java",
              "", "", "released", "", "", "Another language."],
             ["KnowledgeSkillCompetence", SKILL_COMMUNICATE, "skill/competence", "transversal",
              "communicate", "talk\nexchange ideas", "", "released", "Oral and written.", "",
              "Share information."]]),
        "ISCOGroups_en.csv": Table(
            ["conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels",
             "description"],
            [["ISCOGroup", isco(c), c, label, "released", "", ""]
             for c, label in (("2", "Professionals"), ("25", "ICT professionals"),
                              ("251", "Software developers and analysts"),
                              ("2512", "Software developers"))]),
        "occupations_en.csv": Table(
            ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
             "hiddenLabels", "status", "regulatedProfessionNote", "definition", "description",
             "code"],
            [["Occupation", OCC_DEVELOPER, "2512", "software developer", "programmer\ncoder",
              "", "released", "", "", "Writes software.", "2512.4"],
             ["Occupation", OCC_SENIOR, "2512", "senior software developer", "", "",
              "released", "", "", "Leads software work.", "2512.4.1"]]),
        "broaderRelationsSkillPillar.csv": Table(
            ["conceptType", "conceptUri", "broaderType", "broaderUri"],
            [["KnowledgeSkillCompetence", SKILL_PYTHON, "SkillGroup", GROUP_PROGRAMMING],
             ["KnowledgeSkillCompetence", SKILL_JAVA, "KnowledgeSkillCompetence", SKILL_PYTHON],
             ["KnowledgeSkillCompetence", SKILL_COMMUNICATE, "SkillGroup", GROUP_ICT],
             ["SkillGroup", GROUP_PROGRAMMING, "SkillGroup", GROUP_ICT]]),
        "broaderRelationsOccPillar.csv": Table(
            ["conceptType", "conceptUri", "broaderType", "broaderUri"],
            [["ISCOGroup", isco("25"), "ISCOGroup", isco("2")],
             ["ISCOGroup", isco("251"), "ISCOGroup", isco("25")],
             ["ISCOGroup", isco("2512"), "ISCOGroup", isco("251")],
             ["Occupation", OCC_DEVELOPER, "ISCOGroup", isco("2512")],
             ["Occupation", OCC_SENIOR, "Occupation", OCC_DEVELOPER]]),
        "occupationSkillRelations.csv": Table(
            ["occupationUri", "relationType", "skillType", "skillUri"],
            [[OCC_DEVELOPER, "essential", "knowledge", SKILL_PYTHON],
             [OCC_DEVELOPER, "optional", "knowledge", SKILL_JAVA],
             [OCC_SENIOR, "essential", "skill/competence", SKILL_COMMUNICATE],
             [OCC_MISSING, "essential", "knowledge", SKILL_PYTHON]]),
        "skillSkillRelations.csv": Table(
            ["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType",
             "relatedSkillUri"],
            [[SKILL_PYTHON, "knowledge", "optional", "knowledge", SKILL_JAVA]]),
        "digitalSkillsCollection_en.csv": Table(
            ["conceptType", "conceptUri", "preferredLabel"],
            [["KnowledgeSkillCompetence", SKILL_PYTHON, "Python"],
             ["KnowledgeSkillCompetence", SKILL_JAVA, "Java"]]),
        "transversalSkillsCollection_en.csv": Table(
            ["conceptType", "conceptUri", "preferredLabel"],
            [["KnowledgeSkillCompetence", SKILL_COMMUNICATE, "communicate"]]),
        "researchOccupationsCollection_en.csv": Table(
            ["conceptType", "conceptUri", "preferredLabel"],
            [["Occupation", OCC_SENIOR, "senior software developer"]]),
    }


def write_tables(folder: Path, tables: dict[str, Table]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        (folder / name).write_text(table.text(), encoding="utf-8")
    return folder


def zip_folder(folder: Path, target: Path, *, inner: str = "") -> Path:
    """Zip every file of ``folder`` (under ``inner/`` inside the archive when given)."""
    with zipfile.ZipFile(target, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, f"{inner}/{p.name}" if inner else p.name)
    return target


@pytest.fixture
def esco_tables() -> dict[str, Table]:
    return tiny_esco()


@pytest.fixture
def esco_dir(tmp_path: Path, esco_tables: dict[str, Table]) -> Path:
    return write_tables(tmp_path / "esco", esco_tables)
