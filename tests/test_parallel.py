"""--jobs, the result cache and JSON Lines corpora give the same findings as a plain run."""

from __future__ import annotations

import json
import shutil

from conftest import SAMPLES


def _findings(result):
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return json.loads(result.stdout)


def _corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):  # the seeds several times over, so several chunks and workers
        for p in SAMPLES.glob("*.txt"):
            shutil.copy(p, folder / f"{i}_{p.name}")
    (folder / "bad.txt").write_bytes(b"\xff\xfe broken")
    return folder


def test_jobs_match_a_plain_run(cli, tmp_path):
    corpus = _corpus(tmp_path)
    plain = cli("check", "--format", "json", "--no-cache", "-j", "1", str(corpus))
    parallel = cli("check", "--format", "json", "--no-cache", "-j", "2", str(corpus))
    assert plain.returncode == parallel.returncode == 2  # bad.txt
    assert plain.stdout == parallel.stdout
    assert len(_findings(plain)["findings"]) > 100


def test_cache_gives_the_same_findings_and_is_used(cli, tmp_path):
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    args = ("check", "--format", "json", "--cache-dir", str(cache), str(corpus))
    first = cli(*args)
    entries = [p for p in cache.rglob("*") if p.is_file() and p.parent != cache]
    assert len(entries) == 15  # one per readable file
    second = cli(*args)
    assert first.stdout == second.stdout
    # A changed file is linted again; the others still come from the cache.
    target = corpus / "0_000_4baff23b42c810e8.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Gruško", "Grushko"), encoding="utf-8")
    third = _findings(cli(*args))
    codes = [f["code"] for f in third["findings"] if f["path"].endswith("0_000_4baff23b42c810e8.txt")]
    assert "NM001" not in codes
    assert third["findings"] == _findings(cli("check", "--format", "json", "--no-cache", str(corpus)))["findings"]


def test_cache_is_keyed_by_settings(cli, tmp_path):
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    cli("check", "--cache-dir", str(cache), str(corpus))
    data = _findings(cli("check", "--format", "json", "--cache-dir", str(cache), "--select", "QT", str(corpus)))
    assert {f["code"][:2] for f in data["findings"]} == {"QT"}


def test_jsonl_corpus_streams_records_and_names_them(cli, tmp_path):
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"doc": name, "body": text}) for name, text in texts.items()]
    lines.insert(2, "{not json")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ("check", "--format", "json", "--no-cache", "--input-format", "jsonl",
            "--text-field", "body", "--id-field", "doc", str(corpus))
    r = cli(*args)
    assert r.returncode == 2 and f"{corpus}:3: not a JSON record".encode() in r.stderr
    data = _findings(r)
    assert len(data["files"]) == 5
    plain = _findings(cli("check", "--format", "json", "--no-cache", *[str(SAMPLES / n) for n in texts]))

    def strip(findings):
        return sorted((f["path"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], f["offset"], f["code"]) for f in findings)

    assert strip(data["findings"]) == strip(plain["findings"])
    assert _findings(cli(*args[:3], "-j", "2", *args[3:]))["findings"] == data["findings"]
