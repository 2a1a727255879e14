"""Source-comparison checks (`source.*`): numbers, dates, amounts, links, copies, length ratios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.quantities import extract, format_value
from mtaudit.records import Document
from tests.conftest import audit_text, flagged

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def findings(source: str, target: str, source_lang: str, target_lang: str = "en") -> list:
    doc = Document("t", target, source=source, source_lang=source_lang, target_lang=target_lang)
    result = audit([doc], AuditOptions(select=("source",)))
    found = result.documents[0].findings
    for f in found:
        assert f.text == target[f.start : f.end]
        # only a finding about something absent is an insertion point (an empty span)
        assert f.end > f.start or f.category == "accuracy/omission"
    return found


def rules(found: list) -> list[str]:
    return sorted(f.rule for f in found)


# --- extraction and normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "source_lang", "target"),
    [
        ("Le budget atteint 1 000,50 euros.", "fr", "The budget reaches 1,000.50 euros."),
        ("La hausse est de 3,5 %.", "fr", "The rise is 3.5%."),
        ("El precio subió a 2.500 euros.", "es", "The price rose to 2,500 euros."),
        ("Der Umsatz lag bei 1,5 Milliarden Euro.", "de", "Sales were 1.5 billion euros."),
        ("Il est arrivé le 3 mars 2012.", "fr", "He arrived on March 3, 2012."),
        ("Llegó el 5 de mayo de 2020.", "es", "He arrived on 5 May 2020."),
        ("Sie kam am 3. Oktober 1990 an.", "de", "She arrived on 3 October 1990."),
        ("La réunion commence à 13h30.", "fr", "The meeting starts at 1:30 p.m."),
        ("Il a passé sept ans en prison.", "fr", "He spent 7 years in prison."),
        ("Il a passé 7 ans en prison.", "fr", "He spent seven years in prison."),
        ("Dans les années 60, tout a changé.", "fr", "In the 1960s, everything changed."),
        ("Au XXe siècle, la ville a grandi.", "fr", "In the 20th century, the city grew."),
        ("Die Firma hat zwei Millionen Kunden.", "de", "The company has 2,000,000 customers."),
    ],
)
def test_equivalent_values_are_not_flagged(source: str, source_lang: str, target: str) -> None:
    assert findings(source, target, source_lang) == []


def test_chinese_numerals_are_read() -> None:
    values = {e.text: sorted(e.keys) for e in extract("有些冰超过十万年，还有4万人和1.5亿美元。", "zh")}
    assert ("n", "100000") in values["十万"]
    assert ("n", "40000") in values["4"]
    assert ("n", "150000000") in values["1.5"]
    # idioms and approximations are not figures
    assert not [e for e in extract("千万不要走，十分高兴，几十亿年。", "zh") if e.flaggable]
    assert findings("我们有四万名员工。", "We have 40,000 employees.", "zh") == []


def test_format_value_uses_target_locale() -> None:
    french = extract("Le total est de 1 250 000,50 euros.", "fr")[0]
    assert format_value(french, "en") == "1,250,000.50"
    english = extract("The total is 1,250,000.50 euros.", "en")[0]
    assert format_value(english, "de") == "1.250.000,50"


# --- number-mismatch ----------------------------------------------------------------------------


def test_changed_number_fr_en() -> None:
    found = findings("Le budget atteint 1 250 000 euros.", "The budget reaches 1,520,000 euros.", "fr")
    assert rules(found) == ["source.number-mismatch"]
    assert found[0].text == "1,520,000"
    assert found[0].suggestions[0] == "1,250,000"
    assert found[0].category == "accuracy/mistranslation"


def test_changed_percentage_es_en() -> None:
    found = findings("El paro bajó al 12,5 % en marzo.", "Unemployment fell to 15.2% in March.", "es")
    assert [(f.rule, f.text, f.suggestions[0]) for f in found] == [("source.number-mismatch", "15.2", "12.5")]


def test_changed_month_de_en() -> None:
    found = findings("Die Ausstellung öffnet am 12. März 2025.", "The exhibition opens on 12 May 2025.", "de")
    assert [(f.rule, f.text) for f in found] == [("source.number-mismatch", "May")]
    assert found[0].suggestions == ("March",)


def test_chinese_number_written_in_words() -> None:
    found = findings("有些冰超过十万年。", "Some ice is more than ten thousand years old.", "zh")
    assert [(f.rule, f.text) for f in found] == [("source.number-mismatch", "ten thousand")]
    assert found[0].suggestions[0] == "100,000"


# --- link-mismatch ------------------------------------------------------------------------------


def test_changed_url_and_email() -> None:
    found = findings("Écrivez à info@festival.fr ou consultez www.festival.fr/programme.", "Write to info@festival.com or see www.festival.fr/programme.", "fr")
    assert [(f.rule, f.text, f.suggestions[0]) for f in found] == [("source.link-mismatch", "info@festival.com", "info@festival.fr")]


def test_same_url_without_scheme_is_fine() -> None:
    assert findings("Plus d'informations sur https://www.exemple.fr/aide/.", "More information at www.exemple.fr/aide.", "fr") == []


# --- missing-entity / added-entity ---------------------------------------------------------------


def test_missing_year_and_handle() -> None:
    target = "Prices rose by 3.5%. Follow the news on our account."
    found = findings("Les prix ont augmenté de 3,5 % en 2012. Suivez l'actualité sur @LyonInfo.", target, "fr")
    assert rules(found) == ["source.missing-entity", "source.missing-entity"]
    assert found[0].text == "" and found[0].start == target.index("%") + 1
    assert "2012" in found[0].message
    assert "@LyonInfo" in found[1].message
    assert found[0].category == "accuracy/omission"


def test_added_amount_es_en() -> None:
    found = findings("El plan cuesta mucho dinero.", "The plan costs 40 million euros.", "es")
    assert [(f.rule, f.text, f.category) for f in found] == [("source.added-entity", "40", "accuracy/addition")]


def test_small_numbers_and_codes_are_not_reported() -> None:
    assert findings("Les deux ministres se sont rencontrés.", "The ministers met.", "fr") == []
    assert findings("Le sommet du G20 commence.", "The summit of the group of twenty begins.", "fr") == []


def test_number_moved_to_neighbouring_sentence() -> None:
    source = "Le conseil s'est réuni hier. Il a voté un budget de 45 millions d'euros pour les écoles de la ville."
    target = "The council met yesterday and voted a budget of 45 million euros. It is for the city's schools."
    assert [f for f in findings(source, target, "fr") if f.rule != "source.length-ratio"] == []


# --- untranslated-copy -------------------------------------------------------------------------


def test_untranslated_copy_de_en() -> None:
    source = "Die Sitzung beginnt um neun Uhr. Die Sitzung wurde auf Montag verschoben."
    target = "The meeting starts at nine o'clock. Die Sitzung wurde auf Montag verschoben."
    found = findings(source, target, "de")
    assert [(f.rule, f.text) for f in found] == [("source.untranslated-copy", "Die Sitzung wurde auf Montag verschoben.")]


@pytest.mark.parametrize(
    ("source", "target", "copy"),
    [
        ("会议推迟到星期一。", "The session was moved to Monday.", False),
        ("La séance a été reportée à lundi.", "La seance a ete reportee a lundi.", False),  # the accents differ
        ("« Die Sitzung wurde verschoben. »", '"Die Sitzung wurde verschoben."', True),  # quotes are punctuation
        ("\u212aiel liegt im Norden.", "kiel liegt im Norden.", True),  # the Kelvin sign is "k" in lower case
        ("Die Sitzung wurde verschoben.\u3000", "Die Sitzung wurde verschoben.", True),  # an ideographic space
    ],
)
def test_untranslated_copy_quick_test_never_hides_a_copy(source: str, target: str, copy: bool) -> None:
    """`_cannot_be_copy` answers without normalising only where normalising would say they differ."""
    from mtaudit.checks.pairs import _NORMALISE, _cannot_be_copy

    def normalised(text: str) -> str:
        return _NORMALISE.sub(" ", text).strip().casefold()

    assert (normalised(source) == normalised(target)) is copy
    assert not (copy and _cannot_be_copy(source, target))
    assert _cannot_be_copy(source, target) is (not copy and target.isascii())


@pytest.mark.parametrize(("lang", "source_lang"), [("en", "en"), ("en-GB", "en-US")])
def test_a_copy_is_no_untranslated_copy_when_source_and_target_share_a_language(lang: str, source_lang: str) -> None:
    # A post-edit of an English text is the same language: identical sentences are expected.
    text = "The meeting starts at nine o'clock. The session was moved to Monday."
    assert flagged(text, "source.untranslated-copy", lang, source=text, source_lang=source_lang) == []


def test_copied_names_are_not_untranslated() -> None:
    assert findings("Jean-Yves Le Drian.", "Jean-Yves Le Drian.", "fr") == []
    assert findings("Coca-Cola Company", "Coca-Cola Company", "es") == []


# --- length-ratio ------------------------------------------------------------------------------


SOURCE_ARTICLE = (
    "Le maire a présenté le nouveau plan de circulation mardi soir. "
    "Les voitures ne pourront plus entrer dans le centre historique le dimanche. "
    "Les commerçants craignent une baisse de leur chiffre d'affaires. "
    "Une navette gratuite reliera les parkings à la place principale. "
    "Le plan sera évalué au bout d'un an par un comité indépendant. "
    "Le maire a aussi annoncé la fermeture de la piscine municipale, qui doit être rénovée pendant deux ans, et l'ouverture d'un bassin provisoire dans le parc."
)


def test_length_ratio_flags_truncated_sentence() -> None:
    target = (
        "The mayor presented the new traffic plan on Tuesday evening. "
        "Cars will no longer be allowed into the historic centre on Sundays. "
        "Shopkeepers fear a drop in their turnover. "
        "A free shuttle will link the car parks to the main square. "
        "The plan will be assessed after one year by an independent committee. "
        "The mayor also announced the closure of the pool."
    )
    found = findings(SOURCE_ARTICLE, target, "fr")
    assert [(f.rule, f.text, f.category) for f in found] == [("source.length-ratio", "", "accuracy/omission")]
    assert found[0].start == len(target) - 1  # an insertion point after the short sentence's last word


def test_length_ratio_quiet_on_faithful_translation() -> None:
    target = (
        "The mayor presented the new traffic plan on Tuesday evening. "
        "Cars will no longer be allowed into the historic centre on Sundays. "
        "Shopkeepers fear a drop in their turnover. "
        "A free shuttle will link the car parks to the main square. "
        "The plan will be assessed after one year by an independent committee. "
        "The mayor also announced the closure of the municipal pool, which is to be renovated for two years, and the opening of a temporary pool in the park."
    )
    assert findings(SOURCE_ARTICLE, target, "fr") == []


# --- file pair through the CLI -----------------------------------------------------------------


def test_cli_file_pair() -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["audit", str(FIXTURES / "source-en.txt"), "--source", str(FIXTURES / "source-fr.txt"), "--source-lang", "fr", "--target-lang", "en",
         "--select", "source", "--format", "json"],
    )
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    target = (FIXTURES / "source-en.txt").read_text(encoding="utf-8")
    found = {(f["rule"], f["text"]) for f in report["documents"][0]["findings"]}
    for f in report["documents"][0]["findings"]:
        assert target[f["start"] : f["end"]] == f["text"]
    assert ("source.number-mismatch", "1,520,000.50") in found
    assert ("source.number-mismatch", "May") in found
    assert ("source.link-mismatch", "www.lyon-budget.com") in found
    assert ("source.untranslated-copy", "Le conseil municipal se réunira jeudi à 18h30 pour voter le texte.") in found
    assert ("source.added-entity", "12") in found
    assert ("source.missing-entity", "") in found  # an insertion point, never the whole sentence
    # faithful parts are quiet: 3.5%, 2024, 30 April, the e-mail, the handle, 700 and "2 years"
    flagged = " ".join(text for _rule, text in found)
    for ok in ("3.5", "2024", "April", "budget@lyon-exemple.fr", "@LyonBudget", "700"):
        assert ok not in flagged.replace("The renovation of the museum will take longer.", "")


def test_cli_wrong_source_is_an_input_error(tmp_path: Path) -> None:
    runner = CliRunner()
    source = tmp_path / "other.txt"
    source.write_text(
        "En 1998, la région comptait 42 000 habitants. Le festival de 2005 a attiré 12 500 visiteurs. "
        "La ligne 7 du tramway a coûté 310 millions d'euros. Le stade de 1963 accueille 25 000 spectateurs.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["audit", str(FIXTURES / "source-en.txt"), "--source", str(source), "--format", "json"])
    assert result.exit_code == 2  # an input problem, said in one line…
    assert "check --source" in result.stderr and "audited without it" in result.stderr
    assert "Traceback" not in result.output
    # …but the target is never dropped: it is audited alone, and the report says why (issue 9)
    report = json.loads(result.stdout)
    (document,) = report["documents"]
    assert [f"mtaudit: error: {document['id']}: {note}" for note in document["notes"]] == [line for line in result.stderr.splitlines() if "check --source" in line]
    assert not any(f["rule"].startswith("source.") for f in document["findings"])


def test_a_percentage_pairs_with_a_percentage_before_a_month() -> None:
    # "3%" has the key of month 3 too; "March" mistranslated as "Marcha" must be the one missing.
    source = "For the year to March 2005, a 3% to 3.5% improvement is expected, the chairman said."
    target = "Para el año a Marcha 2005, se espera una mejora del 3% al 3,5%, dijo el presidente."
    result = audit_text(target, "es", source=source, source_lang="en", select=("source.missing-entity",))
    assert [f.evidence["missing"] for f in result.findings] == [["March"]]


def test_missing_value_is_an_insertion_point_never_the_whole_sentence() -> None:
    target = "Prices rose by 3.5% that year."
    found = findings("Les prix ont augmenté de 3,5 % en 2012.", target, "fr")
    missing = [f for f in found if f.rule == "source.missing-entity"]
    assert len(missing) == 1
    assert missing[0].start == missing[0].end == len(target) - 1  # after the last word, before the stop


def test_a_repeated_value_changed_in_the_target_is_still_a_mismatch() -> None:
    # the source has "0" three times; one mention in the target does not cover the one changed to 9
    source = "Quatre jours après le 0: 3 à Istanbul, les Turcs à Zagreb n'ont pas pu aller au-delà d'un 0: 0."
    target = "Four days after losing 0: 3 in Istanbul, the Turks could do no better than a 9: 0 draw in Zagreb."
    found = findings(source, target, "fr")
    assert [(f.rule, f.text) for f in found] == [("source.number-mismatch", "9")]


@pytest.mark.parametrize(
    ("sentence", "copied"),
    [("Bayern München gewinnt heute.", True), ("Bayern München gewinnt.", False)],
    ids=["two-lower-case-words", "one-lower-case-word-is-a-name"],
)
def test_untranslated_copy_needs_two_lower_case_words(sentence: str, copied: bool) -> None:
    target, source = f"The match is today. {sentence}", f"Das Spiel ist heute. {sentence}"
    assert flagged(target, "source.untranslated-copy", source=source, source_lang="de") == ([sentence] if copied else [])
