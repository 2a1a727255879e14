"""The suite's own machine independence (tests/conftest.py): no test can see the user's Hugging Face
cache, mtaudit cache or MTAUDIT_* settings, whatever the environment pytest was started in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import conftest


def test_hugging_face_reads_an_empty_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    # huggingface_hub fixes its folders when it is first imported: before the first test (by the
    # conftest module) or during one (by the autouse fixture); either way a folder of this session.
    constants = __import__("huggingface_hub.constants", fromlist=["HF_HUB_CACHE"])
    ours = (str(conftest._SESSION_CACHE), str(tmp_path_factory.getbasetemp()))
    assert constants.HF_HUB_CACHE.startswith(ours) and constants.HF_HOME.startswith(ours)
    assert constants.HF_HUB_OFFLINE


def test_each_test_gets_empty_cache_folders(tmp_path: Path) -> None:
    for name in conftest.HF_FOLDERS:
        folder = Path(os.environ[name])
        assert not folder.exists() or not any(folder.iterdir()), name
        assert str(folder).startswith(str(tmp_path.parent.parent)), name  # this session's temporary tree
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_no_user_setting_but_where_dictionaries_are() -> None:
    assert {name for name in os.environ if name.startswith("MTAUDIT_")} <= conftest.KEPT_SETTINGS


def test_the_evidence_cache_is_not_the_users() -> None:
    from mtaudit.evidence.cache import default_cache_dir

    assert not str(default_cache_dir()).startswith(os.path.expanduser("~/.cache"))
