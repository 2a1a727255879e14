"""Article pairs (issue 11): `mtaudit audit article.en.html --source original.fr.html`.

Paragraphs are aligned first, then sentences; a source paragraph with no translation is a
`source.missing-paragraph` insertion point, a target paragraph with no source a
`source.added-paragraph` span; a paragraph split in two or two merged into one is neither. The
source file is read by the same reader as the target, so its navigation, scripts and front matter
never count.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mtaudit.align import align_document
from mtaudit.cli import main
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.readers import location_of, read_inputs
from mtaudit.records import Document, DocumentResult, Finding
from mtaudit.segment import sentences
from tests.conftest import ROOT

FORMATS = ROOT / "fixtures" / "formats"
PARAGRAPH_RULES = ("source.missing-paragraph", "source.added-paragraph")


def audit_pair(target: str, source: str) -> DocumentResult:
    read = read_inputs([str(FORMATS / target)], source=str(FORMATS / source))
    (result,) = audit(read.documents).documents
    return result


def paragraph_findings(result: DocumentResult) -> list[Finding]:
    return [f for f in result.findings if f.rule in PARAGRAPH_RULES]


def file_at(path: Path, result: DocumentResult, finding: Finding) -> str:
    """The file's own text from the finding's `location` to the end of that line."""
    where = location_of(result.document, finding.start)
    assert where is not None and finding.location == where
    return path.read_text(encoding="utf-8").split("\n")[where["line"] - 1][where["column"] - 1 :]


def test_html_pair_one_paragraph_dropped_one_added() -> None:
    result = audit_pair("pair.en.html", "pair.fr.html")
    missing, added = (
        [f for f in paragraph_findings(result) if f.rule == rule] for rule in PARAGRAPH_RULES
    )
    assert len(missing) == 1 and len(added) == 1
    (gap,) = missing
    assert gap.start == gap.end and gap.text == "" and gap.category == "accuracy/omission" and gap.severity.value == "major"
    assert "Les commerçants de la rue de Fougères" in gap.message
    assert gap.evidence["source_paragraphs"] == [6]  # headline, standfirst, then the fourth paragraph of the body
    # the insertion point is where the paragraph belongs: before the paragraph that follows it
    assert file_at(FORMATS / "pair.en.html", result, gap).startswith("The first tram is due to run")
    (extra,) = added
    assert extra.text.startswith("Rennes, the capital of Brittany") and extra.text.endswith("since 2002.")
    assert extra.category == "accuracy/addition"
    assert file_at(FORMATS / "pair.en.html", result, extra).startswith("Rennes, the capital of Brittany")
    # the paragraphs around them are aligned sentence by sentence, and nothing else is reported
    assert {f.rule for f in result.findings} == set(PARAGRAPH_RULES)
    sources = {s.source for s in result.segments}
    assert "Les travaux commenceront au printemps 2025 et dureront trois ans." in sources


def test_html_source_is_read_as_prose_only() -> None:
    read = read_inputs([str(FORMATS / "pair.en.html")], source=str(FORMATS / "pair.fr.html"))
    source = read.documents[0].source or ""
    assert source.startswith("Rennes : feu vert pour la troisième ligne de tramway\n\nLe conseil métropolitain a adopté")
    for left_out in ("Météo", "48213", "dataLayer", "Tous droits réservés", "À lire aussi", "tarifs du bus", "<p>"):
        assert left_out not in source


def test_text_output_points_into_the_html_file() -> None:
    path = FORMATS / "pair.en.html"
    result = CliRunner().invoke(main, ["audit", str(path), "--source", str(FORMATS / "pair.fr.html"), "--format", "text"])
    assert result.exit_code == 0, result.output
    lines = path.read_text(encoding="utf-8").split("\n")
    seen = {}
    for line in result.output.splitlines():
        for rule in PARAGRAPH_RULES:
            if f" {rule} " in line:
                place = line.split(": ", 1)[0]
                name, row, column = place.rsplit(":", 2)
                assert name == str(path)
                seen[rule] = lines[int(row) - 1][int(column) - 1 :]
    assert seen["source.added-paragraph"].startswith("Rennes, the capital of Brittany")
    assert seen["source.missing-paragraph"].startswith("The first tram is due to run")


def test_markdown_pair_merged_paragraph_is_no_omission() -> None:
    result = audit_pair("pair.en.md", "pair.fr.md")
    (gap,) = paragraph_findings(result)  # the two first paragraphs merged in English: not reported
    assert gap.rule == "source.missing-paragraph" and gap.start == gap.end
    assert "Nous remercions l'équipe de Scaleway" in gap.message
    assert file_at(FORMATS / "pair.en.md", result, gap).startswith("The next step, planned for September 2026")
    # front matter is no paragraph on either side
    assert "lang:" not in (result.document.source or "") and "lang:" not in result.document.target


FR = [
    "Le conseil municipal de Nantes a adopté jeudi un budget de 820 millions d'euros pour 2025.",
    "La moitié de la somme ira aux écoles et aux crèches. Le maire Johanna Rolland parle d'un budget de combat.",
    "L'opposition de droite, conduite par Foulques Chombart, dénonce une hausse de la dette de 12 %.",
    "Le vote définitif aura lieu le 14 mars, après une consultation en ligne ouverte à tous les habitants.",
]
EN = [
    "Nantes city council adopted an 820-million-euro budget for 2025 on Thursday.",
    "Half of the money will go to schools and nurseries. Mayor Johanna Rolland calls it a fighting budget.",
    "The right-wing opposition, led by Foulques Chombart, denounces a 12% rise in debt.",
    "The final vote will take place on 14 March, after an online consultation open to all residents.",
]


def audit_texts(target: list[str], source: list[str]) -> list[Finding]:
    document = Document("pair.txt", "\n\n".join(target), source="\n\n".join(source), source_lang="fr", target_lang="en")
    (result,) = audit([document], AuditOptions(select=("source",))).documents
    return paragraph_findings(result)


def test_text_pair_dropped_and_added_paragraphs() -> None:
    assert audit_texts(EN, FR) == []
    (gap,) = audit_texts([EN[0], EN[1], EN[3]], FR)
    assert gap.rule == "source.missing-paragraph" and "Foulques Chombart" in gap.message
    added = "Nantes, the sixth largest city in France, has 320,000 inhabitants and a Jules Verne museum opened in 1978."
    (extra,) = audit_texts([EN[0], added, *EN[1:]], FR)
    assert extra.rule == "source.added-paragraph" and extra.text == added


def test_split_and_merged_paragraphs_are_beads() -> None:
    split = [EN[0], "Half of the money will go to schools and nurseries.", "Mayor Johanna Rolland calls it a fighting budget.", EN[2], EN[3]]
    assert audit_texts(split, FR) == []
    merged = [EN[0] + " " + EN[1], EN[2], EN[3]]
    assert audit_texts(merged, FR) == []
    target = "\n\n".join(split)
    alignment = align_document("\n\n".join(FR), "fr", target, sentences(target, "en")).paragraphs
    assert alignment is not None
    assert ((1,), (1, 2)) in alignment.beads
    assert alignment.unmatched_source == () and alignment.unmatched_target == ()


def test_one_paragraph_against_many_is_not_aligned_by_paragraph() -> None:
    # a source pasted as one block: its paragraphs cannot be compared, so nothing is reported
    assert audit_texts(EN, [" ".join(FR)]) == []


def test_paragraph_rules_listed_only_in_runs_with_a_source() -> None:
    with_source = audit([Document("a", "\n\n".join(EN), source="\n\n".join(FR), source_lang="fr", target_lang="en")])
    without = audit([Document("b", "\n\n".join(EN), target_lang="en")])
    assert set(PARAGRAPH_RULES) <= set(with_source.settings.checks)
    assert not set(PARAGRAPH_RULES) & set(without.settings.checks)


def test_a_paragraph_cut_short_in_place_is_no_omission_and_addition() -> None:
    # the last paragraph kept in name only: the sentence checks judge it, not the paragraph rules
    assert audit_texts([EN[0], EN[1], EN[2], "The final vote will take place later."], FR) == []
