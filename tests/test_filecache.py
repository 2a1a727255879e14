"""The cache of parsed data files (`mtaudit.filecache`): used when the files are unchanged, never
in the way when it is stale, damaged, a link, unwritable or shared by parallel writers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtaudit import filecache
from mtaudit.hunspell import cached_dictionary, read_dictionary
from mtaudit.lexicon import _decode_table, _encode_table, dictionary_path
from tests.test_hunspell import write_dictionary


class Builder:
    """`build` for `filecache.parsed` that counts its calls and reads the data file each time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls = 0

    def __call__(self) -> dict[str, list[str]]:
        self.calls += 1
        return {"words": self.path.read_text(encoding="utf-8").split()}


def cached(path: Path, build: Builder) -> dict[str, list[str]]:
    def decode(data: object) -> dict[str, list[str]]:
        if not isinstance(data, dict) or not isinstance(data.get("words"), list):
            raise ValueError("not a word list")
        return data

    return filecache.parsed("test", [str(path)], build, lambda value: value, decode)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(folder))
    return folder


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / filecache.SUBFOLDER).glob("test-*.marshal"))


def test_second_read_comes_from_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("statement country Ukraine", encoding="utf-8")
    build = Builder(source)
    assert cached(source, build) == {"words": ["statement", "country", "Ukraine"]}
    assert cached(source, build) == {"words": ["statement", "country", "Ukraine"]}
    assert build.calls == 1
    assert len(entries(cache_dir)) == 1


def test_a_changed_file_is_parsed_again(tmp_path: Path, cache_dir: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    cached(source, build)
    source.write_text("statement country Ukraine", encoding="utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    assert cached(source, build) == {"words": ["statement", "country", "Ukraine"]}
    assert build.calls == 2
    assert len(entries(cache_dir)) == 1  # written over the stale one


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9" * 40])
def test_a_damaged_entry_is_rebuilt(tmp_path: Path, cache_dir: Path, damage: bytes) -> None:
    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    cached(source, build)
    [entry] = entries(cache_dir)
    entry.write_bytes(damage)
    assert cached(source, build) == {"words": ["statement", "country"]}
    assert build.calls == 2
    assert cached(source, build) == {"words": ["statement", "country"]}  # written anew, read back
    assert build.calls == 2


def test_an_entry_of_the_wrong_shape_is_rebuilt(tmp_path: Path, cache_dir: Path) -> None:
    import marshal

    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    cached(source, build)
    [entry] = entries(cache_dir)
    key, _ = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((key, ["a list, not the dict decode needs"])))
    assert cached(source, build) == {"words": ["statement", "country"]}
    assert build.calls == 2


def test_a_link_in_place_of_an_entry_is_not_followed(tmp_path: Path, cache_dir: Path) -> None:
    import marshal

    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    cached(source, build)
    [entry] = entries(cache_dir)
    key, _ = marshal.loads(entry.read_bytes())
    planted = tmp_path / "planted.marshal"
    planted.write_bytes(marshal.dumps((key, {"words": ["planted"]})))
    entry.unlink()
    entry.symlink_to(planted)
    assert cached(source, build) == {"words": ["statement", "country"]}
    assert build.calls == 2


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(blocker))
    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    assert cached(source, build) == {"words": ["statement", "country"]}
    assert cached(source, build) == {"words": ["statement", "country"]}
    assert build.calls == 2


def test_turned_off(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTAUDIT_PARSED_CACHE", "0")
    source = tmp_path / "words.txt"
    source.write_text("statement country", encoding="utf-8")
    build = Builder(source)
    cached(source, build)
    cached(source, build)
    assert build.calls == 2
    assert not cache_dir.exists()


def test_parallel_writers_leave_one_whole_entry(tmp_path: Path, cache_dir: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text(" ".join(f"word{i}" for i in range(20_000)), encoding="utf-8")
    script = (  # the test module is not imported there: tests.conftest would reset the environment
        "import sys\n"
        "from pathlib import Path\n"
        "from mtaudit import filecache\n"
        "path = Path(sys.argv[1])\n"
        "for _ in range(5):\n"
        "    value = filecache.parsed('test', [str(path)], lambda: {'words': path.read_text().split()}, lambda v: v, lambda d: d)\n"
        "    assert len(value['words']) == 20_000\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(Path(__file__).parent.parent), os.environ.get("PYTHONPATH", "")) if p)}
    runs = [subprocess.Popen([sys.executable, "-c", script, str(source)], env=env) for _ in range(4)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    assert len(entries(cache_dir)) == 1
    assert not list((cache_dir / filecache.SUBFOLDER).glob("*.tmp"))  # no temporary file left behind
    build = Builder(source)
    assert len(cached(source, build)["words"]) == 20_000 and build.calls == 0


def test_cached_dictionary_answers_as_the_parsed_one(tmp_path: Path, cache_dir: Path) -> None:
    path = write_dictionary(tmp_path)
    parsed = read_dictionary(path)
    first, second = cached_dictionary(path), cached_dictionary(path)  # written, then read back
    assert parsed is not None and first is not None and second is not None
    assert len(list((cache_dir / filecache.SUBFOLDER).glob("hunspell-*.marshal"))) == 1
    assert isinstance(second.stems, filecache.TextTable)  # read back: the stems stay one text, searched when looked up
    for dictionary in (first, second):
        assert dictionary.stems == parsed.stems and len(dictionary.stems) == len(parsed.stems) and "statment" not in dictionary.stems
        assert dictionary.suffixes == parsed.suffixes and dictionary.prefixes == parsed.prefixes
        assert dictionary.bound == parsed.bound and dictionary.flag_mode == parsed.flag_mode
        for word in ("statements", "countries", "unhappy", "ukraine", "statment"):
            assert dictionary.accepts(word, ignore_case=False) == parsed.accepts(word, ignore_case=False), word


def test_cached_installed_dictionary_is_the_same(cache_dir: Path) -> None:
    path = dictionary_path("en")
    if path is None:
        pytest.skip("no English Hunspell dictionary installed")
    parsed = read_dictionary(path)
    cached_dictionary(path)
    again = cached_dictionary(path)
    assert parsed is not None and again is not None
    assert dict(again.stems.items()) == parsed.stems  # every stem with its flags (a `TextTable` iterates bucket by bucket)
    assert again.suffixes == parsed.suffixes and again.prefixes == parsed.prefixes and again.bound == parsed.bound


def test_frequency_table_round_trip_keeps_order_and_values() -> None:
    table = {"the": 0.05, "of": 0.03, "and": 0.03, "statement": 1e-05, "Ukraine": 1e-05, "café": 2e-07}
    back = _decode_table(_encode_table(table))
    assert list(back.items()) == list(table.items()) and list(back) == list(table) and len(back) == len(table)
    assert back == table  # every word looked up through its bucket
    assert back.get("statment") is None and back.get("statment", 0.0) == 0.0 and "statment" not in back
    assert [word for word, _ in back.runs(0.03)] == ["the", "of", "and"]
    assert _decode_table(_encode_table({})) == {}


@pytest.mark.parametrize("buckets", [8, filecache.TABLE_BUCKETS])
def test_text_table_finds_each_word_in_its_bucket_and_no_other(buckets: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words that share a bucket (hundreds each with 8 buckets), words that are prefixes or
    suffixes of others, a word with a line break (never in a table) and the empty word: each found
    with its own value, or not at all."""
    monkeypatch.setattr(filecache, "TABLE_BUCKETS", buckets)
    words = [f"word{number}" for number in range(5000)] + ["state", "statement", "statements", "café", "naïve"]
    table = {word: rank % 7 for rank, word in enumerate(words)}
    back = filecache.TextTable(filecache.encode_table(table))
    assert dict(back.items()) == table and len(back) == len(table)
    assert [back.get(word) for word in ("word17", "state", "statements", "café")] == [table["word17"], table["state"], table["statements"], table["café"]]
    assert back.get("statem") is None and back.get("word1\nword2") is None and "" not in back and back.get("", 42) == 42
    with pytest.raises(KeyError):
        back["tatement"]
    empty = filecache.TextTable(filecache.encode_table({}))
    assert len(empty) == 0 and list(empty) == [] and "the" not in empty


def test_frequency_table_of_another_shape_is_refused() -> None:
    data = _encode_table({"the": 0.05, "of": 0.03})
    with pytest.raises(ValueError):
        _decode_table((data[0] + "extra\n", *data[1:]))
    with pytest.raises(ValueError):
        _decode_table((data[0], data[1], [3, 99], *data[3:]))


@pytest.mark.parametrize("lang", ["en", "fr", "de", "zh", "xx"])
def test_language_data_cached_as_read(cache_dir: Path, lang: str) -> None:
    """Month names, number symbols, hour and unit words and number words of CLDR and num2words:
    the cached values (written by the first call, read by the second) are the values read."""
    from mtaudit import language, quantities

    read = (
        language._read_calendar_names(lang),
        quantities._read_symbols(lang),
        quantities._hour_words(lang),
        quantities._read_unit_names(lang),
        quantities._read_number_words(lang),
    )
    for _ in range(2):
        for cached_function in (language.calendar_names, quantities._symbols, quantities._number_words, quantities._unit_names):
            cached_function.cache_clear()
        assert language.calendar_names(lang) == read[0]
        assert quantities._symbols(lang) == read[1]
        assert set(quantities._cached("hours", "babel", lambda: sorted(quantities._hour_words(lang)), lang, quantities._strings)) == read[2]
        assert list(quantities._unit_names(lang).items()) == list(read[3].items())
        units, scales, connectors = quantities._number_words(lang)
        assert (list(units.items()), list(scales.items()), connectors) == (list(read[4][0].items()), list(read[4][1].items()), read[4][2])
    kinds = {path.name.split("-")[0] for path in (cache_dir / filecache.SUBFOLDER).glob("*.marshal")}
    assert {"calendar", "symbols", "hours", "unit", "number"} <= kinds
