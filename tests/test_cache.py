"""The model-evidence cache against hostile and shared side files: one-line errors, never a
traceback; unreadable entries recomputed; a locked cache skipped; parallel writers never corrupt it."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mtaudit.errors import ModelError
from mtaudit.evidence.cache import FILENAME, EvidenceCache, make_key

ROOT = Path(__file__).resolve().parent.parent
TRANSLATE = {"kind": "translate", "engine": "hf", "model": "opus-mt-fr-en", "revision": "1", "params": {"beams": 4}, "src": "fr", "tgt": "en"}
LM = {"kind": "lm", "engine": "hf", "model": "gpt2", "revision": "1", "params": {}, "lang": "en"}
SENTENCE = "Le ministre a démissionné hier soir."
TRANSLATION = "The minister resigned last night."


def error_of(folder: Path) -> str:
    with pytest.raises(ModelError) as exc:
        EvidenceCache(folder)
    message = str(exc.value)
    assert "\n" not in message and str(folder) in message
    return message


def raw_insert(folder: Path, key: str, value: object) -> None:
    with sqlite3.connect(folder / FILENAME) as db:
        db.execute("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", (key, value))
    db.close()


def test_round_trip_and_empty_outputs(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path)
    cache.put_many(TRANSLATE, {SENTENCE: TRANSLATION, "Merci.": ""})
    assert cache.get_many(TRANSLATE, [SENTENCE, "Merci.", "Bonjour."]) == {SENTENCE: TRANSLATION, "Merci.": ""}
    cache.close()


def test_device_and_precision_are_key_components(tmp_path: Path) -> None:
    legacy = hashlib.sha256(json.dumps([TRANSLATE, SENTENCE], sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    assert make_key(TRANSLATE, SENTENCE) == legacy  # caches written before keep working
    keys = {make_key(TRANSLATE, SENTENCE, device=d, precision=p) for d in (None, "cpu", "cuda") for p in (None, "float32", "float16")}
    assert len(keys) == 9
    cache = EvidenceCache(tmp_path)
    cache.put_many(TRANSLATE, {SENTENCE: TRANSLATION}, device="cuda", precision="float16")
    assert cache.get_many(TRANSLATE, [SENTENCE], device="cuda", precision="float16") == {SENTENCE: TRANSLATION}
    assert cache.get_many(TRANSLATE, [SENTENCE], device="cpu", precision="float32") == {}
    assert cache.get_many(TRANSLATE, [SENTENCE]) == {}
    cache.close()


def test_table_with_other_columns(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT, added TEXT)")
    db.close()
    assert "columns key, value, added" in error_of(tmp_path)


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_text("The minister resigned last night.\n" * 200, encoding="utf-8")
    assert "unusable" in error_of(tmp_path)


def test_unreadable_values_are_misses_and_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    EvidenceCache(tmp_path).close()
    raw_insert(tmp_path, make_key(TRANSLATE, SENTENCE), "{not json")
    raw_insert(tmp_path, make_key(TRANSLATE, "Merci."), "[" * 100_000)
    raw_insert(tmp_path, make_key(TRANSLATE, "Bonjour."), json.dumps(["not", "a", "string"]))
    raw_insert(tmp_path, make_key(LM, "Thank you."), json.dumps([[0, 5, "high"]]))
    raw_insert(tmp_path, make_key(LM, "Hello."), json.dumps([[0, 5, -1.5]]))
    cache = EvidenceCache(tmp_path)
    assert cache.get_many(TRANSLATE, [SENTENCE, "Merci.", "Bonjour."]) == {}
    assert cache.get_many(LM, ["Thank you.", "Hello."]) == {"Hello.": [[0, 5, -1.5]]}
    err = capsys.readouterr().err
    assert "3 unreadable entries" in err and "1 unreadable entries" in err and err.count("\n") == 2
    cache.put_many(TRANSLATE, {SENTENCE: TRANSLATION})
    assert cache.get_many(TRANSLATE, [SENTENCE]) == {SENTENCE: TRANSLATION}
    assert cache.unreadable == 4
    cache.close()


def test_symlinked_cache_file_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "important.db"
    elsewhere.write_text("precious data\n", encoding="utf-8")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILENAME).symlink_to(elsewhere)
    assert "symbolic link" in error_of(folder)
    (folder / FILENAME).unlink()
    (folder / f"{FILENAME}-wal").symlink_to(elsewhere)
    assert "symbolic link" in error_of(folder)
    assert elsewhere.read_text(encoding="utf-8") == "precious data\n"
    assert not (folder / FILENAME).exists()


def test_cache_file_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / FILENAME).mkdir()
    assert "not a regular file" in error_of(tmp_path)


HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT OR REPLACE INTO entries (key, value) VALUES ('holder', '1')")
print("locked", flush=True)
time.sleep(120)
"""


def test_lock_held_by_another_process_degrades_to_no_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = EvidenceCache(tmp_path, timeout=0.2)
    cache.put_many(TRANSLATE, {SENTENCE: TRANSLATION})
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / FILENAME)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        cache.put_many(TRANSLATE, {"Merci.": "Thank you."})  # must wait for the lock: gives up
        assert cache.disabled
        assert cache.get_many(TRANSLATE, [SENTENCE]) == {}
        err = capsys.readouterr().err
        assert "locked by another process" in err and "going on without the cache" in err and err.count("\n") == 1
    finally:
        holder.kill()
        holder.wait()
        cache.close()
    assert EvidenceCache(tmp_path).get_many(TRANSLATE, [SENTENCE, "Merci."]) == {SENTENCE: TRANSLATION}


HOLD_EXCLUSIVE = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(120)
"""


def test_lock_held_while_opening_degrades_to_no_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_EXCLUSIVE, str(tmp_path / FILENAME)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        cache = EvidenceCache(tmp_path, timeout=0.2)
        assert cache.disabled and cache.get_many(TRANSLATE, [SENTENCE]) == {}
        cache.put_many(TRANSLATE, {SENTENCE: TRANSLATION})  # skipped, no error
        cache.close()
        assert "going on without the cache" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()


WRITER = """
import sys
from mtaudit.evidence.cache import EvidenceCache
ns = {"kind": "translate", "engine": "fake", "model": "m", "revision": "1", "params": {}, "src": "fr", "tgt": "en"}
cache = EvidenceCache(sys.argv[1])
writer = int(sys.argv[2])
for batch in range(20):
    items = {f"Phrase {n} de la réunion." : f"Sentence {n} of the meeting." for n in range(batch * 10, batch * 10 + 10)}
    items.update({f"Phrase {writer}-{batch} à Genève.": f"Sentence {writer}-{batch} in Geneva."})
    cache.put_many(ns, items)
    assert len(cache.get_many(ns, list(items))) == len(items)
cache.close()
"""


def test_parallel_writers_never_corrupt_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n)], env=env, stderr=subprocess.PIPE) for n in range(3)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
        assert b"note" not in err  # nobody had to give up the cache
    namespace = {"kind": "translate", "engine": "fake", "model": "m", "revision": "1", "params": {}, "src": "fr", "tgt": "en"}
    expected = {f"Phrase {n} de la réunion.": f"Sentence {n} of the meeting." for n in range(200)}
    expected.update({f"Phrase {w}-{b} à Genève.": f"Sentence {w}-{b} in Geneva." for w in range(3) for b in range(20)})
    cache = EvidenceCache(tmp_path)
    assert cache.get_many(namespace, list(expected)) == expected
    cache.close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (len(expected),)
    db.close()
