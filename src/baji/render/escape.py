"""Text from packs and profiles made safe for each output: no markup, no control.

A pack title or a profile id is data, and reaches terminals, Markdown, HTML and SVG. Each
function here makes it inert for one of them: terminal control sequences (ESC, OSC, the
C1 controls, bidirectional overrides) shown as visible escapes; Markdown with its markup
characters and line breaks neutralised; XML (and HTML) escaped and without the characters
XML 1.0 forbids, so an SVG stays well-formed whatever the text.
"""

from __future__ import annotations

import html
import re

#: C0 controls but tab and line feed, DEL, C1 controls, and the Unicode line, paragraph
#: and bidirectional-override characters that reorder or break what a terminal shows.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: Characters XML 1.0 does not allow at all (C0 but tab, LF, CR; surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Line breaks of every kind (a raw CR in a Markdown cell starts a new table row).
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Markdown's markup characters, escaped with a backslash.
_MARKUP = re.compile(r"([\\`*_\[\]|#~])")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control character but tab and line feed shown as an escape
    (``\\x1b``), so that nothing in it can move the cursor, set a title or a link, or
    reorder the line."""
    return _TERMINAL.sub(_visible, text)


def markdown(text: str) -> str:
    """``text`` as inert Markdown inline text, fit for a table cell: HTML special
    characters as entities, markup characters escaped, line breaks and runs of
    whitespace as one space, other control characters shown as escapes."""
    flat = " ".join(_BREAKS.sub(" ", text).split())
    return terminal(_MARKUP.sub(r"\\\1", html.escape(flat, quote=False)))


def xml_text(text: object) -> str:
    """``text`` escaped for XML and HTML (quotes included), without the characters XML
    1.0 forbids (each becomes U+FFFD), so the document stays well-formed."""
    return html.escape(_NOT_XML.sub("\ufffd", str(text)), quote=True)
