"""Word tables on disk: built once, then read a word at a time, or whole for a long run."""

from __future__ import annotations

import os
import pickle

import pytest

from lintnews import datacache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_from_disk(folder, monkeypatch):
    monkeypatch.setattr(datacache, "LOAD_WHOLE_BYTES", 0)  # as a large table is
    built = []

    def build():
        built.append(1)
        return {"council": 2, "minister": 3}

    first = datacache.cached_lookup("words", "v1", build)
    second = datacache.cached_lookup("words", "v1", build)
    assert built == [1]
    assert (first.get("minister"), second.get("council"), second.get("absent", 0)) == (3, 2, 0)
    assert second.table is None  # answered by queries, not by loading the table
    assert sorted(p.suffix for p in folder.iterdir()) == [".marshal", ".sqlite"]
    assert datacache.cached_lookup("words", "v2", lambda: {"council": 9}).get("council") == 9


def test_a_small_table_is_loaded_whole(folder):
    datacache.cached_lookup("words", "v1", lambda: {"council": 2})
    assert datacache.cached_lookup("words", "v1", lambda: {}).table == {"council": 2}


def test_a_long_run_loads_the_whole_table(folder, monkeypatch):
    monkeypatch.setattr(datacache, "LOAD_WHOLE_BYTES", 0)
    monkeypatch.setattr(datacache.Lookup, "LOAD_AFTER", 3)
    datacache.cached_lookup("words", "v1", lambda: {f"w{i}": i for i in range(100)})
    table = datacache.cached_lookup("words", "v1", lambda: {})
    assert [table.get(f"w{i}") for i in range(10)] == list(range(10))
    assert table.table is not None and len(table.table) == 100


def test_unwritable_folder_keeps_the_table_in_memory(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(locked / "cache"))
    table = datacache.cached_lookup("words", "v1", lambda: {"council": 2})
    assert table.get("council") == 2 and not list(locked.iterdir())


def test_a_file_in_the_way_keeps_the_table_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(blocker))
    assert datacache.cached_lookup("words", "v1", lambda: {"council": 2}).get("council") == 2


def test_lookup_crosses_processes(folder, monkeypatch):
    monkeypatch.setattr(datacache, "LOAD_WHOLE_BYTES", 0)
    datacache.cached_lookup("words", "v1", lambda: {"council": 2})
    table = datacache.cached_lookup("words", "v1", lambda: {})
    table.get("council")  # a connection is open in this process
    pid = os.fork()
    if pid == 0:  # the child opens its own connection
        os._exit(0 if table.get("council") == 2 and pickle.loads(pickle.dumps(table)).get("council") == 2 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
