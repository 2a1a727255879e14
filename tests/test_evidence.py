"""Model evidence without model weights: plumbing with fake engines, the ngram LM, the cache,
error paths, and the promise that a plain audit never imports torch or transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mtaudit.checks import backtranslation as bt_checks
from mtaudit.checks import surprisal as lm_checks
from mtaudit.cli import main
from mtaudit.errors import ModelError
from mtaudit.evidence.cache import EvidenceCache, make_key
from mtaudit.evidence.gather import sentence_metrics, units_of_sentence
from mtaudit.evidence.lms.base import LMConfig, TokenScore
from mtaudit.evidence.lms.ngram import NgramLM
from mtaudit.evidence.translators import base as translator_base
from mtaudit.evidence.translators.base import Translator
from mtaudit.pipeline import AuditOptions, EvidenceOptions, audit
from mtaudit.records import CATEGORIES, Document, Finding, Severity


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


# --------------------------------------------------------------------------- a fake engine


class FakeTranslator(Translator):
    """Deterministic: 'translates' by dropping every word after the sixth and upper-casing
    nothing; counts its calls so the cache can be tested."""

    engine = "fake"
    calls: list[tuple[int, str, str]] = []  # noqa: RUF012 - shared on purpose, reset per test

    def available(self, src: str, tgt: str) -> bool:
        return True

    def revision(self, src: str, tgt: str) -> str:
        return "r1"

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        FakeTranslator.calls.append((len(texts), src, tgt))
        return [" ".join(t.split()[:6]) for t in texts]


@pytest.fixture()
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> type[FakeTranslator]:
    FakeTranslator.calls = []
    monkeypatch.setitem(translator_base.ENGINES, "fake", "fake:FakeTranslator")
    module = type(sys)("mtaudit.evidence.translators.fake")
    module.FakeTranslator = FakeTranslator  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mtaudit.evidence.translators.fake", module)
    return FakeTranslator


SOURCE = "Le ministre a démissionné hier soir à Paris après une longue réunion du cabinet. Il est parti."
TARGET = "The minister resigned last night in Paris after a long meeting of the cabinet. He left."


def run(documents: list[Document], tmp_path: Path, **evidence: object) -> object:
    options = EvidenceOptions(cache_dir=str(tmp_path / "cache"), **evidence)  # type: ignore[arg-type]
    return audit(documents, AuditOptions(evidence=options))


def test_backtranslation_plumbing_batches_and_caches(fake_engine: type[FakeTranslator], tmp_path: Path) -> None:
    docs = [
        Document("a", TARGET, source=SOURCE, source_lang="fr", target_lang="en"),
        Document("b", "The cat sleeps on the sofa in the sun all day long.", source="Le chat dort.", source_lang="fr", target_lang="en"),
    ]
    result = run(docs, tmp_path, translator="fake", lm="none")
    # one call per direction for all documents together: en→fr (back) and fr→en (forward)
    assert sorted((src, tgt) for _, src, tgt in fake_engine.calls) == [("en", "fr"), ("fr", "en")]
    first = result.documents[0].segments[0]  # type: ignore[attr-defined]
    assert first.backtranslation == "The minister resigned last night in"
    assert {"bt_chrf", "bt_bleu", "bt_ter", "fwd_chrf"} <= set(first.scores)
    assert result.settings.translator == "fake"  # type: ignore[attr-defined]
    rules = {f.rule for d in result.documents for f in d.findings}  # type: ignore[attr-defined]
    assert "bt.mistranslation" in rules or "bt.omission" in rules
    for doc in result.documents:  # type: ignore[attr-defined]
        for finding in doc.findings:
            assert doc.document.target[finding.start : finding.end] == finding.text
    fake_engine.calls.clear()
    again = run(docs, tmp_path, translator="fake", lm="none")
    assert fake_engine.calls == []  # second run: everything from the cache
    assert [f.to_dict() for f in again.documents[0].findings] == [f.to_dict() for f in result.documents[0].findings]  # type: ignore[attr-defined]
    fake_engine.calls.clear()
    run(docs, tmp_path, translator="fake", lm="none", use_cache=False)
    assert fake_engine.calls  # --no-cache calls the engine


def test_roundtrip_without_source(fake_engine: type[FakeTranslator], tmp_path: Path) -> None:
    text = "Short one here. This sentence is much longer than six words and will surely collapse on the way back, because the fake engine keeps only the first six words of every sentence it is given."
    result = run([Document("r", text, target_lang="en")], tmp_path, translator="fake", lm="none")
    doc = result.documents[0]  # type: ignore[attr-defined]
    assert [c[1:] for c in fake_engine.calls] == [("en", "de"), ("de", "en")]
    assert doc.segments[0].scores["roundtrip_chrf"] == 100.0
    assert doc.segments[1].scores["roundtrip_chrf"] < 60
    collapse = [f for f in doc.findings if f.rule == "bt.roundtrip-collapse"]
    assert collapse and all(f.start >= doc.segments[1].start for f in collapse)


def test_omission_and_addition_alignment() -> None:
    from mtaudit.pipeline import prepare
    from mtaudit.records import SentencePair

    doc = Document("o", "The minister resigned.", source="Le ministre a démissionné hier soir à Paris.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    pair = SentencePair(0, len(doc.target), doc.source or "", (0,))
    bt = "Le ministre a démissionné avec grande tristesse absolue."
    metrics = sentence_metrics(bt, pair.source_text, "fr")
    found = bt_checks.backtranslation_findings(ctx, pair, bt, None, metrics)
    kinds = {f.rule for f in found}
    assert {"bt.omission", "bt.addition"} <= kinds
    omission = next(f for f in found if f.rule == "bt.omission")
    assert "hier soir à Paris" in omission.evidence["lost"]


def test_precomputed_backtranslations(tmp_path: Path) -> None:
    table = tmp_path / "bt.tsv"
    table.write_text("The minister resigned last night in Paris after a long meeting of the cabinet.\tLe ministre a démissionné hier soir.\n", encoding="utf-8")
    result = run([Document("p", TARGET, source=SOURCE, source_lang="fr", target_lang="en")], tmp_path, backtranslations=str(table), lm="none")
    segment = result.documents[0].segments[0]  # type: ignore[attr-defined]
    assert segment.backtranslation == "Le ministre a démissionné hier soir."
    assert result.settings.translator == "precomputed"  # type: ignore[attr-defined]


def total(scores: list[TokenScore]) -> float:
    """Sum of the log-probabilities of a scored text."""
    return sum(s.logprob for s in scores)


# --------------------------------------------------------------------------- ngram LM


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("in a statement that", "in A statment That"),
        ("wrote on Twitter. He told", "wrote on twitter He told"),
        ("The spokesman said in a statement that Russia would attend.", "The spokesman said in A statment That Russia would attend."),
        ("She wrote on Twitter. He told reporters", "She wrote on twitter He told reporters"),
        ("He said it, and left.", "He said it , and left."),
        ("I think so.", "i think so."),
    ],
)
def test_ngram_preferences(better: str, worse: str) -> None:
    lm = NgramLM(LMConfig())
    good, bad = lm.score([better, worse], "en")
    assert total(good) > total(bad)


def test_ngram_offsets_cover_every_word_and_mark() -> None:
    text = "Hello, world! It’s 2024 — fine."
    scores = NgramLM(LMConfig()).score_one(text, "en")
    assert [text[s.start : s.end] for s in scores] == ["Hello", ",", "world", "!", "It’s", "2024", "—", "fine", "."]
    assert all(s.logprob <= 0 for s in scores)


def test_lm_evidence_fills_segments_and_reranks(tmp_path: Path) -> None:
    text = "Officials said the talks would go on. She wrote on twitter He told reporters in A statment That the the meeting was over."
    result = run([Document("l", text, target_lang="en")], tmp_path, lm="ngram")
    doc = result.documents[0]  # type: ignore[attr-defined]
    assert result.settings.lm == "ngram" and result.settings.lm_model.startswith("wordfreq")  # type: ignore[attr-defined]
    for segment in doc.segments:
        assert segment.scores["lm_logprob"] < 0 and segment.scores["lm_ppl"] > 1
        assert all(segment.start <= s < e <= segment.end for s, e, _ in segment.token_surprisal)
    with_suggestions = [f for f in doc.findings if f.suggestions and f.rule != "lm.surprisal"]
    assert with_suggestions and all("lm_delta" in f.evidence for f in with_suggestions)
    typo = next(f for f in doc.findings if f.text == "statment")
    assert typo.suggestions[0] == "statement" and typo.evidence["lm_delta"] > 5


def test_select_and_ignore_apply_to_evidence_rules(fake_engine: type[FakeTranslator], tmp_path: Path) -> None:
    text = "Short one here. This sentence is much longer than six words and will surely collapse on the way back, because the fake engine keeps only the first six words of every sentence it is given. She wrote on twitter He told us."
    document = Document("s", text, target_lang="en")
    evidence = EvidenceOptions(cache_dir=str(tmp_path / "cache"), translator="fake", lm="none")
    everything = audit([document], AuditOptions(evidence=evidence)).documents[0]
    assert any(f.rule.startswith("bt.") for f in everything.findings) and any(f.rule.startswith("boundary.") for f in everything.findings)
    ignored = audit([document], AuditOptions(evidence=evidence, ignore=("bt.",))).documents[0]
    assert ignored.findings and not any(f.rule.startswith("bt.") for f in ignored.findings)
    selected = audit([document], AuditOptions(evidence=evidence, select=("bt.roundtrip-collapse",))).documents[0]
    assert selected.findings and all(f.rule.startswith("bt.roundtrip") for f in selected.findings)


def test_lm_critic_proposes_case_and_spelling_edits() -> None:
    from mtaudit.pipeline import prepare

    text = "The spokesman said in A statment That Russia would attend."
    ctx = prepare(Document("c", text, target_lang="en"), AuditOptions())
    lm = NgramLM(LMConfig())
    sentence = lm.score_one(text, "en")
    units = units_of_sentence(ctx, 0, sentence)
    unit = next(u for u in units if text[u.start : u.end] == "statment")
    best = None
    for edit in lm_checks.local_edits(ctx, unit):
        candidate = ctx.edited((0, len(text)), edit.start, edit.end, edit.replacement)
        gain = total(lm.score_one(candidate, "en")) - total(sentence)
        best = max(best or (gain, edit), (gain, edit), key=lambda item: item[0])
    assert best is not None and best[1].replacement == "statement" and best[0] > lm_checks.EDIT_MARGIN
    finding = lm_checks.surprisal_finding(ctx, unit, 0.0, best)
    assert finding is not None and finding.suggestions == ("statement",) and finding.category == "fluency/spelling"


# --------------------------------------------------------------------------- cache


def test_cache_keys_depend_on_everything(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path)
    ns = {"engine": "hf", "model": "m", "revision": "1", "params": {"beams": 4}}
    cache.put_many(ns, {"hello": "bonjour"})
    assert cache.get_many(ns, ["hello", "other"]) == {"hello": "bonjour"}
    assert cache.get_many({**ns, "revision": "2"}, ["hello"]) == {}
    assert make_key(ns, "a") != make_key({**ns, "params": {"beams": 5}}, "a")
    cache.close()
    assert EvidenceCache(tmp_path).get_many(ns, ["hello"]) == {"hello": "bonjour"}  # persistent


def test_default_cache_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mtaudit.evidence.cache import default_cache_dir

    monkeypatch.delenv("MTAUDIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "mtaudit"


# --------------------------------------------------------------------------- errors and defaults


def test_missing_hub_model_is_one_line_error(tmp_path: Path) -> None:
    doc = Document("m", TARGET, source=SOURCE, source_lang="fr", target_lang="en")
    with pytest.raises(ModelError) as info:
        run([doc], tmp_path, translator="hf", lm="none")
    message = str(info.value)
    assert "\n" not in message and "mtaudit models pull Helsinki-NLP/opus-mt-en-fr" in message
    with pytest.raises(ModelError, match="mtaudit models pull gpt2"):
        run([doc], tmp_path, lm="hf")
    with pytest.raises(ModelError, match="does not exist"):
        run([doc], tmp_path, translator="hf", translator_model=str(tmp_path / "nothing" / "here"), lm="none")


def test_cli_missing_model_exit_code_and_message(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text(TARGET, encoding="utf-8")
    source = tmp_path / "s.txt"
    source.write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["audit", str(target), "--source", str(source), "--source-lang", "fr", "--target-lang", "en", "--translator", "hf", "--cache-dir", str(tmp_path / "c")]
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "mtaudit models pull" in lines[0]


def test_deep_without_models_still_gives_lm_evidence(tmp_path: Path) -> None:
    doc = Document("d", TARGET, source=SOURCE, source_lang="fr", target_lang="en")  # no fr Apertium pair here
    result = run([doc], tmp_path, deep=True)
    assert result.settings.lm == "ngram" and result.settings.translator is None  # type: ignore[attr-defined]
    assert "lm_logprob" in result.documents[0].segments[0].scores  # type: ignore[attr-defined]
    err = " ".join(result.notes)  # type: ignore[attr-defined]  # notes travel in the result; the CLI prints them
    assert "back-translation skipped" in err and "mtaudit models pull Helsinki-NLP/opus-mt-en-fr" in err


def test_none_switches_evidence_off(tmp_path: Path) -> None:
    result = run([Document("n", TARGET, target_lang="en")], tmp_path, deep=True, translator="none", lm="none")
    assert result.settings.translator is None and result.settings.lm is None  # type: ignore[attr-defined]
    assert result.documents[0].segments[0].scores == {}  # type: ignore[attr-defined]


def test_plain_audit_never_imports_torch(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("The minister resigned. He left on twitter He said.", encoding="utf-8")
    code = (
        "import sys\n"
        "from mtaudit.cli import main\n"
        "for args in (['audit', sys.argv[1]], ['audit', sys.argv[1], '--lm', 'ngram'], ['audit', sys.argv[1], '--deep', '--translator', 'none'],"
        " ['models', 'list']):\n"
        "    main(args, standalone_mode=False)\n"  # an error raises and fails the run (check=True)
        "print('HEAVY', sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "HEAVY []" in done.stdout


def test_evidence_rules_are_documented() -> None:
    from mtaudit.registry import all_checks, rules

    evidence_rules = [c.rule for c in all_checks() if c.rule.needs_evidence]
    ids = [rule.id for rule in evidence_rules]
    assert sorted(ids) == ["bt.addition", "bt.mistranslation", "bt.omission", "bt.roundtrip-collapse", "lm.surprisal", "tm.unlikely-word"]
    for rule in evidence_rules:
        assert rule.category in CATEGORIES and rule.doc and rule.summary
    assert set(ids) <= set(rules())  # listed by `mtaudit rules`, like every check


def test_models_cli(tmp_path: Path) -> None:
    listed = CliRunner().invoke(main, ["models", "list"])
    assert listed.exit_code == 0 and "ngram" in listed.output and "apertium" in listed.output


def test_settings_record_engines(tmp_path: Path) -> None:
    result = run([Document("s", TARGET, target_lang="en")], tmp_path, lm="ngram")
    data = json.loads(json.dumps(result.to_dict()))  # type: ignore[attr-defined]
    assert data["settings"]["lm"] == "ngram" and data["settings"]["offline"] is True
    assert data["settings"]["translator"] is None and data["settings"]["lm_model"].startswith("wordfreq")


# --------------------------------------------------------------------------- LM that cannot make a fix worse


EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example-fr-en-news.txt"


def test_ngram_keeps_the_fast_checks_best_suggestions_and_flags_no_name(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    fast = audit([Document("x", text, target_lang="en")], AuditOptions()).documents[0]
    with_lm = run([Document("x", text, target_lang="en")], tmp_path, lm="ngram").documents[0]  # type: ignore[attr-defined]
    assert {(f.rule, f.start, f.end, f.suggestions[:1]) for f in fast.findings} <= {(f.rule, f.start, f.end, f.suggestions[:1]) for f in with_lm.findings}
    run_on = next(f for f in with_lm.findings if f.text == "twitter He")
    assert run_on.suggestions[0] == "twitter. He" and "lm_delta" in run_on.evidence
    assert not [f.text for f in with_lm.findings if f.rule == "lm.surprisal"]  # "Russian-backed", "mid-December", "Jean-Yves"


def test_rerank_promotes_only_a_far_likelier_alternative_that_keeps_the_correction() -> None:
    from mtaudit.rank import PROMOTE_MARGIN, keeps_correction, rerank

    finding = Finding("boundary.run-on", "fluency/punctuation", Severity.MINOR, 0, 10, "twitter He", "m", ("twitter. He", "twitter he"), 0.5)
    assert not keeps_correction("twitter He", "twitter. He", "twitter he")
    assert keeps_correction("twitter He", "twitter. He", "twitter. He's")
    kept = rerank(finding, -30.0, [-20.0, -5.0], "twitter He")  # the LM loves "twitter he": not allowed
    assert kept.suggestions == ("twitter. He", "twitter he") and kept.evidence["lm_delta"] == 10.0
    typo = Finding("spelling.typo", "fluency/spelling", Severity.MINOR, 0, 8, "statment", "m", ("statement", "statements"), 0.5)
    assert rerank(typo, -30.0, [-20.0, -20.0 + PROMOTE_MARGIN + 1], "statment").suggestions == ("statements", "statement")
    assert rerank(typo, -30.0, [-20.0, -20.0 + PROMOTE_MARGIN - 1], "statment").suggestions == ("statement", "statements")


def test_ngram_scores_compounds_by_their_parts() -> None:
    lm = NgramLM(LMConfig())
    whole = lm.score_one("They met Russian-backed separatists.", "en")
    parts = lm.score_one("They met Russian backed separatists.", "en")
    compound = next(s for s in whole if s.end - s.start == len("Russian-backed"))
    assert compound.bits < 60  # the unknown-word floor alone would be 28 bits, plus case
    assert abs(total(whole) - total(parts)) < 8  # costs what its words cost


def test_names_in_the_source_are_never_surprisal_findings(tmp_path: Path) -> None:
    text = "The minister Zbigniewska Qwertyan spoke on Saturday."
    doc = Document("n", text, source="La ministre Zbigniewska Qwertyan a parlé samedi.", source_lang="fr", target_lang="en")
    found = run([doc], tmp_path, lm="ngram").documents[0]  # type: ignore[attr-defined]
    assert not [f for f in found.findings if f.rule == "lm.surprisal"]


# --------------------------------------------------------------------------- calibrated, de-duplicated back-translation findings


def test_omission_is_an_insertion_point_between_words() -> None:
    from mtaudit.pipeline import prepare
    from mtaudit.records import SentencePair

    doc = Document("o", "The minister resigned.", source="Le ministre a démissionné hier soir à Paris.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    pair = SentencePair(0, len(doc.target), doc.source or "", (0,))
    bt = "Le ministre a démissionné."
    found = bt_checks.backtranslation_findings(ctx, pair, bt, None, sentence_metrics(bt, pair.source_text, "fr"))
    omission = next(f for f in found if f.rule == "bt.omission")
    assert omission.start == omission.end == len("The minister resigned") and omission.text == ""


def test_one_unrelated_sentence_is_one_finding(fake_engine: type[FakeTranslator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FakeTranslator, "translate", lambda self, texts, src, tgt: ["Les pommes vertes tombent lentement des grands arbres du verger." for _ in texts])
    doc = Document("u", "The committee approved the annual budget on Monday evening.", source="Le conseil a voté le budget annuel lundi soir.", source_lang="fr", target_lang="en")
    found = run([doc], tmp_path, translator="fake", lm="none", use_cache=False).documents[0].findings  # type: ignore[attr-defined]
    model = [f for f in found if f.rule.startswith("bt.")]
    assert len(model) == 1, [(f.rule, f.start, f.end) for f in model]


def test_chrf_lines_follow_the_runs_distribution() -> None:
    from mtaudit.evidence.gather import relative_line

    assert relative_line([80.0] * 5) is None  # too few sentences: the checks' defaults apply
    apertium_like = [88.0, 90.0, 91.0, 86.0, 92.0, 89.0, 90.0, 87.0, 91.0, 30.0]
    line = relative_line(apertium_like)
    assert line is not None and 30.0 < line < 86.0  # the word salad is flagged, the rest is not
    neural = [55.0, 60.0, 52.0, 58.0, 61.0, 57.0, 59.0, 56.0, 54.0, 20.0]
    neural_line = relative_line(neural)
    assert neural_line is not None and 20.0 < neural_line < 52.0 and neural_line < line


def test_precomputed_reports_coverage_and_fails_when_nothing_matched(tmp_path: Path) -> None:
    table = tmp_path / "bt.jsonl"
    table.write_text(json.dumps({"id": "p", "text": "unused", "translation": "Le ministre a démissionné hier soir."}) + "\n", encoding="utf-8")
    doc = Document("p", TARGET, source=SOURCE, source_lang="fr", target_lang="en")
    result = run([doc], tmp_path, backtranslations=str(table), lm="none")
    assert any("matched 2 of 2 sentences" in note for note in result.notes)  # type: ignore[attr-defined]  # by segment id
    with pytest.raises(ModelError) as info:
        run([Document("q", TARGET, source=SOURCE, source_lang="fr", target_lang="en")], tmp_path, backtranslations=str(table), lm="none")
    assert "matched 0 of 2 sentences" in str(info.value) and "\n" not in str(info.value)


def test_translation_similarity_aligns_a_dropped_sentence_as_an_omission() -> None:
    from mtaudit.evidence.bleualign import realign
    from mtaudit.segment import sentences

    french = [
        "Le gouvernement a présenté son budget mardi.",
        "Les syndicats ont immédiatement appelé à la grève générale dans tout le pays.",
        "Le ministre des finances a défendu des choix difficiles mais nécessaires pour l'avenir.",
        "La grève commencera lundi.",
        "Les hôpitaux et les écoles seront fermés pendant trois jours au moins.",
    ]
    english = {
        french[0]: "The government presented its budget on Tuesday.",
        french[1]: "The unions immediately called for a general strike across the country.",
        french[2]: "The finance minister defended difficult but necessary choices for the future.",
        french[3]: "The strike will start on Monday.",
        french[4]: "Hospitals and schools will be closed for at least three days.",
    }
    source = " ".join(french)
    target = " ".join(english[s] for s in french if s != french[2])  # the third sentence dropped
    spans = sentences(target, "en")
    pairs = realign(source, "fr", target, spans, lambda texts: [english.get(t, "") for t in texts])
    assert pairs is not None and len(pairs) == 4
    by_target = {target[p.target_start : p.target_end]: p.source_text for p in pairs}
    assert by_target[english[french[3]]] == french[3]  # no cascade after the omission
    assert by_target[english[french[4]]] == french[4]
    assert french[2] in by_target[english[french[1]]]  # the dropped sentence is attached where it was lost


def test_a_useless_translator_does_not_undo_the_length_alignment() -> None:
    from mtaudit.align import align
    from mtaudit.evidence.bleualign import realign
    from mtaudit.segment import sentences

    spans = sentences(TARGET, "en")
    current = align(SOURCE, "fr", TARGET, spans)
    assert realign(SOURCE, "fr", TARGET, spans, lambda texts: ["zzz qqq" for _ in texts], current) is None


def test_tm_unlikely_word_flags_the_word_the_model_would_not_write() -> None:
    from mtaudit.checks import translation_model
    from mtaudit.evidence.data import Evidence, ForcedScore, ForcedToken
    from mtaudit.pipeline import prepare
    from mtaudit.records import SentencePair

    doc = Document("t", "The course of the share fell.", source="Le cours de l'action a chuté.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    pair = SentencePair(0, len(doc.target), doc.source or "", (0,))
    words = [(0, 3, -0.5, ""), (4, 10, -14.0, " price"), (11, 13, -0.4, ""), (14, 17, -0.3, ""), (18, 23, -9.0, ""), (24, 28, -0.6, ""), (28, 29, -0.2, "")]
    tokens = [ForcedToken(a, b, lp, best, -0.1 if best else lp) for a, b, lp, best in words]
    ctx.evidence = Evidence(forced=[ForcedScore(pair, tokens, -3.6, -3.0)], tm_threshold=8.0)
    found = list(translation_model.unlikely_word.run(ctx))
    assert [(f.text, f.suggestions) for f in found] == [("course", ("price",))]  # "share" is unlikely but the model has nothing better
