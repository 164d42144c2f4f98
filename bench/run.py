"""Speed and memory benchmark: lintnews as a process on a corpus and on one article,
side by side with proselint on the same corpus.

    python bench/run.py [--copies 5] [--jobs 1,2] [--dask] [--no-proselint] [--workdir DIR]

The corpus is the MQM documents (WMT23 news and WMT21 TED, ../shared/bench/mqm/) written out
as one text file per document, ``--copies`` times, so that start-up does not dominate.
Prints a table: wall time, MB/s, documents/s and peak RSS of each run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MQM = ROOT.parent / "shared" / "bench" / "mqm"


def write_corpus(dest: Path, copies: int) -> tuple[int, int]:
    files = size = 0
    for name in ("documents.jsonl", "ted_documents.jsonl"):
        with open(MQM / name, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh]
        for copy in range(copies):
            folder = dest / f"{name.split('.')[0]}-{copy}"
            folder.mkdir(parents=True, exist_ok=True)
            for i, rec in enumerate(records):
                data = rec["text"].encode("utf-8")
                (folder / f"{i:04d}.txt").write_bytes(data)
                files += 1
                size += len(data)
    return files, size


# Runs the command and prints the peak RSS (KiB) of its largest process: RUSAGE_CHILDREN of
# this one-shot wrapper covers the command and the worker processes it waited for, and only
# them (the benchmark's own earlier runs are not its children).
# The wall time is taken in the wrapper too, so that its own start-up is not counted.
_PEAK = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - start\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (the largest process of this run) and the exit code."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    wall, peak_kib, code = out.stdout.split()
    return float(wall), int(peak_kib) / 1024, int(code)


def lintnews_cmd() -> list[str]:
    exe = shutil.which("lintnews", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "lintnews"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--jobs", default="", help="comma-separated --jobs values to time as well (if supported)")
    ap.add_argument("--runs", type=int, default=7, help="runs of the one-article case (median)")
    ap.add_argument("--no-proselint", action="store_true")
    ap.add_argument("--dask", action="store_true", help="also time --executor dask (a LocalCluster of --jobs 2 workers)")
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="lintnews-bench-"))
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    files, size = write_corpus(corpus, args.copies)
    mb = size / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {files} files, {mb:.2f} MB ({args.copies} copies of the MQM news and TED documents)")
    print()
    print(f"{'run':<36} {'wall s':>8} {'MB/s':>8} {'docs/s':>9} {'peak MB':>8}")
    rows = []
    base = lintnews_cmd() + ["check", "--exit-zero", "--format", "json", "--output-file", str(work / "out.json")]
    wall, peak, code = timed(base + ["--no-cache", "--jobs", "1", str(corpus)])
    rows.append(("lintnews check --jobs 1", wall, peak))
    for jobs in [j for j in args.jobs.split(",") if j.strip()]:
        wall, peak, code = timed(base + ["--no-cache", "--jobs", jobs, str(corpus)])
        rows.append((f"lintnews check --jobs {jobs}", wall, peak) if code == 0 else (f"--jobs {jobs}: exit {code}", 0, 0))
    if args.dask:
        wall, peak, code = timed(base + ["--no-cache", "--executor", "dask", "--jobs", "2", str(corpus)])
        rows.append(("lintnews check --executor dask -j 2", wall, peak) if code == 0 else (f"--executor dask: exit {code}", 0, 0))
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    timed(base + ["--cache-dir", str(cache), str(corpus)])
    wall, peak, code = timed(base + ["--cache-dir", str(cache), str(corpus)])
    rows.append(("lintnews check, cached re-run", wall, peak))
    for name, wall, peak in rows:
        if wall:
            print(f"{name:<36} {wall:8.2f} {mb / wall:8.2f} {files / wall:9.0f} {peak:8.0f}")
        else:
            print(name)

    article = ROOT / "samples" / "002_15069ff290a583d3.txt"
    runs = [timed(lintnews_cmd() + ["check", "--exit-zero", "--no-cache", str(article)]) for _ in range(args.runs)]
    wall = statistics.median(r[0] for r in runs)
    print(f"{'lintnews check, one article (median)':<36} {wall:8.3f} {'':>8} {'':>9} {max(r[1] for r in runs):8.0f}")

    if not args.no_proselint:
        prose = shutil.which("proselint")
        if prose is None:
            print("proselint: not installed (pip install proselint) - ratio not measured")
        else:
            wall, peak, _ = timed([prose, "check", str(corpus)] if _proselint_has_check(prose) else [prose, str(corpus)])
            print(f"{'proselint (same corpus)':<36} {wall:8.2f} {mb / wall:8.2f} {files / wall:9.0f} {peak:8.0f}")
            print(f"speed ratio lintnews/proselint: {wall / rows[0][1]:.1f}x")


def _proselint_has_check(exe: str) -> bool:
    out = subprocess.run([exe, "--help"], capture_output=True, text=True)
    return " check" in out.stdout


if __name__ == "__main__":
    main()
