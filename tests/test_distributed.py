"""lintnews on a Dask cluster gives exactly the report of a local run.

One real ``distributed.LocalCluster`` serves the whole module: two worker processes
(``processes=True``, so the linter really is pickled and rebuilt in other processes), one
thread each, no dashboard, listening on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES

pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from lintnews.config import Settings  # noqa: E402
from lintnews.runner import Linter  # noqa: E402

TOPICS = ["grain exports", "gas prices", "the border talks", "a new treaty", "fishing rights"]
N_DOCS, ODD_FROM, PARTITIONS = 40, 30, 4  # the last partition spells the name the other way


@pytest.fixture(scope="module")
def client():
    """A real LocalCluster of two worker processes (one thread each) on 127.0.0.1."""
    from distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1", silence_logs=logging.CRITICAL,
    ) as cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _corpus() -> dict[str, str]:
    """Articles naming one official; those of the last partition spell him differently, so
    only statistics merged across partitions show it (NM002). One article suppresses a
    quote finding, one has a misoriented quote, to carry suppressions and findings through."""
    docs = {}
    for i in range(N_DOCS):
        name = "Riabkov" if i >= ODD_FROM else "Ryabkov"
        topic = TOPICS[i % len(TOPICS)]
        docs[f"doc{i:02d}"] = (
            f"Talks on {topic} resumed in Geneva on Monday.\n\n"
            f"Deputy Foreign Minister Sergei {name} said the delegations had made progress on {topic}. "
            f"{name} added that a further round could take place next month.\n"
        )
    docs["doc05"] += "He called it “a step forward“ for both sides.\n"
    docs["doc06"] += "<!-- lintnews: disable-next-line QT -->\nHe called it “a step forward“ for both sides.\n"
    return docs


def _json(report) -> dict:
    from lintnews.formatters import get

    return json.loads(get("json").render(report))


def _run(*args: str, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args], capture_output=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=180,
    )


def _files(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    for name, text in _corpus().items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe not UTF-8")
    return folder


# -- the engine's phases on the cluster ----------------------------------------------------------


def test_cluster_run_equals_local_run_on_seeds_and_partitioned_corpus(client, tmp_path):
    from lintnews.distributed import DaskExecutor

    folder = _files(tmp_path)
    linter = Linter.from_settings(Settings())
    local, _ = linter.lint_paths([str(folder)], jobs=1)
    executor = DaskExecutor(client)
    remote, _ = linter.lint_paths([str(folder)], executor=executor)
    assert _json(remote) == _json(local)
    assert remote.errors == local.errors and len(remote.errors) == 1  # broken.txt, named
    nm002 = {os.path.basename(f.path) for f in remote.findings if f.code == "NM002"}
    assert {p for p in nm002 if p.startswith("doc")} == {f"doc{i}.txt" for i in range(ODD_FROM, N_DOCS)}
    # the suppression comment in doc06 was honoured on the cluster too
    quotes = {os.path.basename(f.path) for f in remote.findings if f.code.startswith("QT")}
    assert "doc05.txt" in quotes and "doc06.txt" not in quotes
    # several partitions really were used
    from lintnews.distributed import _partitions

    assert _partitions(len(remote.files), 2) >= 4


def test_bag_of_records_across_partitions_equals_local_run(client):
    import dask.bag as db

    from lintnews.distributed import lint_bag

    docs = sorted(_corpus().items())
    bag = db.from_sequence(docs, npartitions=PARTITIONS)
    report = lint_bag(bag, client=client)
    local = Linter.from_settings(Settings()).lint_texts(docs)
    assert _json(report) == _json(local)
    assert any(f.code == "NM002" and f.path == "doc35" for f in report.findings)


def test_plain_texts_are_numbered_by_position(client):
    import dask.bag as db

    from lintnews.distributed import lint_bag

    texts = [text for _, text in sorted(_corpus().items())]
    report = lint_bag(db.from_sequence(texts, npartitions=PARTITIONS), client=client)
    assert {f.path for f in report.findings if f.code == "NM002"} == {str(i) for i in range(ODD_FROM, N_DOCS)}


# -- the data-frame API --------------------------------------------------------------------------


def _frame():
    docs = sorted(_corpus().items())
    return pd.DataFrame({"article_id": [int(k[3:]) for k, _ in docs], "body": [t for _, t in docs]})


def test_dataframe_column_gives_findings_frame_with_record_ids(client):
    import dask.dataframe as dd

    from lintnews.distributed import FINDING_COLUMNS, lint_dataframe

    frame = _frame()
    ddf = dd.from_pandas(frame, npartitions=PARTITIONS)
    found = lint_dataframe(ddf, text_column="body", id_column="article_id", client=client)
    assert list(found.columns) == list(FINDING_COLUMNS)
    nm = found[found.code == "NM002"]
    assert sorted(set(nm["id"])) == [str(i) for i in range(ODD_FROM, N_DOCS)]
    row = nm.iloc[0]
    text = frame.set_index("article_id").body[int(row["id"])]
    assert text[row["offset"] : row["end_offset"]] == "Riabkov"
    assert row["suggestions"] == ["Ryabkov"] and row["severity"] == "warning"
    # the same findings as a local run over the same records
    local = Linter.from_settings(Settings()).lint_texts((str(i), t) for i, t in zip(frame.article_id, frame.body))
    assert sorted(zip(found["id"], found["code"], found["offset"])) == sorted((f.path, f.code, f.offset) for f in local.findings)
    # a pandas DataFrame is taken as well (ids from the index here)
    from_pandas = lint_dataframe(frame.set_index("article_id"), text_column="body", client=client)
    assert from_pandas.drop(columns="id").equals(found.drop(columns="id"))
    assert list(from_pandas["id"]) == list(found["id"])


def test_records_without_text_are_errors_not_crashes(client):
    from lintnews.distributed import lint_dataframe

    frame = pd.DataFrame({"id": ["a", "b"], "text": ["He said “no“ twice.", None]})
    found = lint_dataframe(frame, id_column="id", client=client)
    assert found.attrs["errors"] == [{"id": "b", "message": "record has no string field 'text'"}]
    assert set(found["id"]) == {"a"}


def test_parquet_through_dask_gives_the_same_findings(client, tmp_path):
    from lintnews.distributed import lint_dataframe, lint_parquet

    frame = _frame()
    path = tmp_path / "articles.parquet"
    frame.to_parquet(path, engine="pyarrow", row_group_size=10)
    from_parquet = lint_parquet(str(path), text_column="body", id_column="article_id", client=client)
    direct = lint_dataframe(frame, text_column="body", id_column="article_id", client=client)
    assert len(from_parquet) > 0
    assert from_parquet.equals(direct)


# -- the command line ----------------------------------------------------------------------------


def test_cli_on_the_cluster_equals_local_on_text_files(client, tmp_path):
    folder = _files(tmp_path)
    local = _run("check", "--format", "json", "--no-cache", str(folder))
    remote = _run("check", "--executor", "dask", "--scheduler", client.scheduler.address, "--format", "json", str(folder))
    assert b"Traceback" not in remote.stderr, remote.stderr.decode()
    assert remote.returncode == local.returncode == 2  # broken.txt
    assert remote.stdout == local.stdout
    assert b"broken.txt: not valid UTF-8" in remote.stderr


def test_cli_on_the_cluster_equals_local_on_jsonl(client, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": name, "text": text}, ensure_ascii=False) for name, text in sorted(_corpus().items())]
    lines.insert(7, "{not json")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ("check", "--input-format", "jsonl", "--format", "json", str(corpus))
    local = _run(*args, "--no-cache")
    remote = _run(*args, "--scheduler", client.scheduler.address)
    assert b"Traceback" not in remote.stderr, remote.stderr.decode()
    assert remote.returncode == local.returncode == 2  # the broken line, named
    assert remote.stdout == local.stdout
    assert f"{corpus}:8: not a JSON record".encode() in remote.stderr
    assert any(f["code"] == "NM002" and f["path"].endswith("#doc39") for f in json.loads(remote.stdout)["findings"])


def test_cli_parquet_input_equals_jsonl_input(client, tmp_path):
    docs = sorted(_corpus().items())
    frame = pd.DataFrame({"id": [k for k, _ in docs], "text": [t for _, t in docs]})
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in frame.to_dict("records")), encoding="utf-8")
    frame.to_parquet(tmp_path / "c.parquet", row_group_size=10)
    (tmp_path / "not.parquet").write_text("plain text", encoding="utf-8")
    jsonl = _run("check", "--no-cache", "--input-format", "jsonl", "--format", "json", str(tmp_path / "c.jsonl"))
    parquet = _run("check", "--scheduler", client.scheduler.address, "--input-format", "parquet", "--format", "json",
                   str(tmp_path / "c.parquet"), str(tmp_path / "not.parquet"))
    assert b"Traceback" not in parquet.stderr, parquet.stderr.decode()
    assert parquet.returncode == 2 and f"{tmp_path / 'not.parquet'}: cannot be read as Parquet".encode() in parquet.stderr
    same = parquet.stdout.decode().replace("c.parquet#", "c.jsonl#")
    assert json.loads(same)["findings"] == json.loads(jsonl.stdout)["findings"]
    assert any(f["code"] == "NM002" for f in json.loads(same)["findings"])


def test_cli_jsonl_blocks_keep_line_numbers(tmp_path):
    """Blocks cut at line ends name records and errors with the file's own line numbers."""
    from lintnews.distributed import _block_sources, _jsonl_blocks
    from lintnews.inputs import JsonlFormat, iter_jsonl

    corpus = tmp_path / "c.jsonl"
    rows = [json.dumps({"text": f"Article {i} text."}) for i in range(50)]
    rows[20] = "oops"
    corpus.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
    fmt = JsonlFormat("text", None)
    blocks = list(_jsonl_blocks(str(corpus), fmt, 100))
    assert len(blocks) > 5
    got = [item for b in blocks for item in _block_sources(b)]
    want = list(iter_jsonl(str(corpus), fmt))
    assert [getattr(d, "path", None) for d in got] == [getattr(d, "path", None) for d in want]
    assert [getattr(d, "message", None) for d in got] == [getattr(d, "message", None) for d in want]


def test_fix_is_refused_with_the_dask_executor(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("He said “no“.\n", encoding="utf-8")
    result = _run("check", "--fix", "--executor", "dask", str(article))
    assert result.returncode == 2
    assert b"--fix and --diff run locally" in result.stderr
    assert article.read_text(encoding="utf-8") == "He said “no“.\n"


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as s:  # a free port on this machine that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    article = tmp_path / "a.txt"
    article.write_text("Fine text.\n", encoding="utf-8")
    result = _run("check", "--scheduler", address, str(article))
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert f"lintnews: error: cannot reach the Dask scheduler at {address}".encode() in result.stderr


def test_scheduler_without_workers_is_a_clear_error(tmp_path):
    from distributed import LocalCluster

    article = tmp_path / "a.txt"
    article.write_text("Fine text.\n", encoding="utf-8")
    with LocalCluster(n_workers=0, processes=True, dashboard_address="127.0.0.1:0", host="127.0.0.1", silence_logs=logging.CRITICAL) as empty:
        result = _run("check", "--scheduler", empty.scheduler_address, str(article))
    assert result.returncode == 2
    assert f"the Dask scheduler at {empty.scheduler_address} has no workers".encode() in result.stderr


def test_a_file_the_workers_cannot_see_is_named_with_a_hint():
    from lintnews.distributed import FileItem, _read_file

    error = _read_file(FileItem("articles/a.txt", "/nonexistent/articles/a.txt"))
    assert error.path == "articles/a.txt"
    assert error.message.startswith("cannot be read: No such file or directory on the Dask worker ")
    assert "give them the same paths" in error.message


def test_missing_dask_says_how_to_install_it(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Fine text.\n", encoding="utf-8")
    hide = tmp_path / "hide"
    hide.mkdir()
    # sitecustomize runs first in the child: importing dask or distributed then fails.
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['dask'] = None\nsys.modules['distributed'] = None\n")
    path = os.pathsep.join([str(hide), str(ROOT), os.environ.get("PYTHONPATH", "")])
    result = _run("check", "--executor", "dask", str(article), env={"PYTHONPATH": path})
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "lintnews: error: --executor dask needs Dask: pip install 'lintnews[dask]'"
    # the local executor does not need it
    assert _run("check", str(article), env={"PYTHONPATH": path}).returncode == 0
