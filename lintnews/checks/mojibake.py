"""Mojibake: text decoded with the wrong encoding (``â€œNATOâ€\x9d``), repaired by ftfy.

Only lines that ftfy's badness heuristic flags are repaired, and only with the encoding fixes
turned on (no quote straightening, no line-break or width changes), so the suggested edit
touches nothing but the garbled characters.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from lintnews.model import Edit, Hit


# UTF-8 read as Windows-1252 or Latin-1: a lead byte shown as Â..ô followed by a continuation
# byte shown as a C1 control, a Latin-1 symbol or one of cp1252's replacements (€ ‚ “ ™ š ...).
# Lines without such a pair are not handed to ftfy, which is also not imported for them.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


class Mojibake:
    def check(self, doc):
        text = doc.text
        if text.isascii() or not _SUSPECT.search(text):
            return
        import ftfy
        from ftfy.badness import is_bad

        config = _config()
        for line in doc.lines:
            seg = text[line.start : line.end]
            if not _SUSPECT.search(seg) or not is_bad(seg):
                continue
            fixed = ftfy.fix_text(seg, config)
            if fixed == seg:
                continue
            ops = SequenceMatcher(None, seg, fixed, autojunk=False).get_opcodes()
            changes = [op for op in ops if op[0] != "equal"]
            # Merge changes separated by a few unchanged characters into one span.
            groups: list[list] = []
            for op in changes:
                if groups and op[1] - groups[-1][-1][2] <= 3:
                    groups[-1].append(op)
                else:
                    groups.append([op])
            for group in groups:
                a0, a1 = group[0][1], group[-1][2]
                b0, b1 = group[0][3], group[-1][4]
                start, end = line.start + a0, line.start + a1
                repl = fixed[b0:b1]
                if start == end:
                    continue
                yield Hit(start, end, {"text": seg[a0:a1], "fixed": repl}, (repl,), (Edit(start, end, repl),))
