"""Mojibake: text decoded with the wrong encoding (``â€œNATOâ€\x9d``), repaired by ftfy.

Only lines that ftfy's badness heuristic flags are repaired, and only with the encoding fixes
turned on (no quote straightening, no line-break or width changes), so the suggested edit
touches nothing but the garbled characters.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from lintnews.model import Edit, Hit


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
        if text.isascii():
            return
        import ftfy
        from ftfy.badness import is_bad

        config = _config()
        for line in doc.lines:
            seg = text[line.start : line.end]
            if seg.isascii() or not is_bad(seg):
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
