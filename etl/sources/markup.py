"""HTML fragments from exports (Discourse's `cooked`, Stack Exchange's `Body`) as plain text.

Post bodies are stored and shown as text, never as HTML (DESIGN.md, Privacy).
"""

from __future__ import annotations

import html
import re

# HTML to text: block ends become line breaks, tags go, entities are decoded.
_DROP = re.compile(r"<(script|style)\b.*?</\1>|<div class=\"meta\">.*?</div>", re.S | re.I)
_BREAK = re.compile(r"<br\s*/?>|</(p|div|li|h[1-6]|pre|blockquote|tr|aside)>", re.I)
_TAG = re.compile(r"<[^>]*>")
_MENTION = re.compile(r"<a\b[^>]*class=\"mention\"[^>]*>@([^<]+)</a>", re.I)
# Single spaces are left alone: rewriting each of them made this the slowest step on big dumps.
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")
_LINE_EDGES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_ASIDE = re.compile("\x00(\\d+)\x00")


def html_to_text(markup: str | None, mention=None) -> str:
    """Plain text of an HTML fragment; `mention(username)` may rewrite @mention links."""
    if not markup:
        return ""
    text = _DROP.sub("", markup)
    written: list[str] = []
    if mention is not None:  # set aside until the tags are gone: a marker looks like a tag
        def aside(match: re.Match) -> str:
            written.append(mention(html.unescape(match.group(1))))
            return f"\x00{len(written) - 1}\x00"
        text = _MENTION.sub(aside, text)
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return _ASIDE.sub(lambda m: written[int(m.group(1))], text) if written else text
