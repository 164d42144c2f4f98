"""JSON Lines: one finding per line, each the same object as in the JSON report's
``findings``. Nothing else is written, so ``wc -l`` counts findings and tools can stream it."""

from __future__ import annotations

import json

from lintnews.formatters.json_format import finding_dict
from lintnews.model import Report


def render(report: Report) -> str:
    return "".join(json.dumps(finding_dict(f), ensure_ascii=False, sort_keys=True) + "\n" for f in report.findings)
