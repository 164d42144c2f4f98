#!/usr/bin/env python3
"""Run lintnews rules over the MQM benchmark and score the findings with its score.py.

    PYTHONPATH=. python bench/mqm_eval.py                      # SN and PN rules on WMT23 news
    PYTHONPATH=. python bench/mqm_eval.py --select SN003 -- --exclude-category Accuracy/

The benchmark (``../shared/bench/mqm`` beside the checkout, or ``--bench-dir``) holds English
MT output with professional MQM error spans; see its README. Each document is linted in
memory, every finding becomes a prediction with the MQM category the rule's family maps to
(``CATEGORIES``), and the benchmark's own ``score.py`` prints precision per rule and recall per
MQM category. Arguments after ``--`` go to score.py.

RD001 (long sentence) is left out by default: a finding that spans a whole 70-word sentence
overlaps some annotated error almost always, so its "precision" says nothing; select it
explicitly (``--select RD001``) to see it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintnews.config import Settings  # noqa: E402
from lintnews.runner import Linter  # noqa: E402

# MQM category each rule's findings claim (for score.py's typed scores); by code, then prefix.
CATEGORIES = {
    "SN001": "Fluency/Spelling",  # capitalisation
    "SN002": "Accuracy/Addition",
    "SN003": "Fluency/Grammar",
    "SN004": "Fluency/Spelling",
    "PN006": "Fluency/Spelling",
    "PN": "Fluency/Punctuation",
    "RD": "Style/Bad sentence structure",
    "QT": "Fluency/Punctuation",
}


def category(code: str) -> str:
    for key in sorted(CATEGORIES, key=len, reverse=True):
        if code.startswith(key):
            return CATEGORIES[key]
    return "Fluency"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench" / "mqm")
    ap.add_argument("--set", default="documents.jsonl", help="benchmark file inside --bench-dir")
    ap.add_argument("--select", default="SN,PN", help="comma-separated rule selectors")
    ap.add_argument("--predictions", type=Path, help="keep the predictions JSONL here")
    ap.add_argument("score_args", nargs="*", help="arguments for score.py (after --)")
    args = ap.parse_args()

    bench = args.bench_dir / args.set
    score = args.bench_dir / "score.py"
    if not bench.is_file() or not score.is_file():
        print(f"error: {bench} or {score} not found (use --bench-dir)", file=sys.stderr)
        return 2
    units = [json.loads(line) for line in bench.read_text(encoding="utf-8").splitlines() if line.strip()]
    linter = Linter.from_settings(Settings(select=tuple(s for s in args.select.split(",") if s)))
    report = linter.lint_texts((u["id"], u["text"]) for u in units)
    by_unit: dict[str, list[dict]] = {u["id"]: [] for u in units}
    for f in report.findings:
        by_unit[f.path].append({"start": f.offset, "end": f.end_offset, "rule": f.code, "category": category(f.code)})

    out = args.predictions or Path(tempfile.mkstemp(suffix=".jsonl", prefix="lintnews-mqm-")[1])
    with out.open("w", encoding="utf-8") as fh:
        for uid, findings in by_unit.items():
            fh.write(json.dumps({"id": uid, "findings": findings}) + "\n")
    try:
        return subprocess.call([sys.executable, str(score), str(bench), str(out), *args.score_args])
    finally:
        if args.predictions is None:
            out.unlink()


if __name__ == "__main__":
    sys.exit(main())
