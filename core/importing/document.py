"""A document as a sequence of blocks, whatever file it came from (.txt, .docx, .xlsx).

A block is a Paragraph (runs of text, each bold or not, or a link) or a Table (rows of
cells; a cell is a list of paragraphs). The plain-text reader, the Word reader and the
Excel reader (core/importing/office.py) all produce blocks; `render` writes blocks as the
line-based text the layouts read (tab-separated table rows, `<p>` paragraphs inside a cell,
`**bold**`, `<a href>` links), so every layout works on all three kinds of file, and a
Word file's table cells, merged cells, paragraphs and bold come from the file's structure
rather than from guessing at a text export.

Line numbers: a .txt keeps its own; for .docx and .xlsx "line" N is the Nth line of the
rendered text (one per paragraph and one per table row, plus one per soft line break).
"""

from __future__ import annotations

import html as std_html
import re
from dataclasses import dataclass, field

# A cell's paragraphs in a text export: <p>…</p>, or <br> breaks. Linear: `[^<>]*`.
_LINK_RE = re.compile(r"<a\s[^<>]*?href=[\"']?([^\"'<>\s]+)[\"']?[^<>]*>([^<]*)</a>", re.I)
_CHECKBOX_RE = re.compile(r"<input\b[^<>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; `href` makes it a link."""

    text: str
    bold: bool = False
    href: str = ""


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    line_no: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        """The whole paragraph is bold (its non-blank runs all are)."""
        shown = [r for r in self.runs if r.text.strip()]
        return bool(shown) and all(r.bold for r in shown)


@dataclass
class Table:
    rows: list[list[list[Paragraph]]] = field(default_factory=list)
    line_no: int = 0


Block = Paragraph | Table


# --- Reading the text exports -----------------------------------------------------------------


def runs_from_markup(text: str) -> list[Run]:
    """ "a **b** <a href="u">c</a>" -> runs; `**` toggles bold, links become link runs."""
    text = _CHECKBOX_RE.sub(lambda m: "☑" if "checked" in m.group(0) else "", text)
    runs: list[Run] = []
    bold = False
    for i, piece in enumerate(text.split("**")):
        if i:
            bold = not bold
        pos = 0
        for m in _LINK_RE.finditer(piece):
            if m.start() > pos:
                runs.append(Run(std_html.unescape(piece[pos : m.start()]), bold))
            runs.append(Run(std_html.unescape(m.group(2)), bold, std_html.unescape(m.group(1))))
            pos = m.end()
        if pos < len(piece):
            runs.append(Run(std_html.unescape(piece[pos:]), bold))
    return [r for r in runs if r.text or r.href]


_SLOT_TOKEN_RE = re.compile(r"(<p(?:\s[^<>]*)?>|</p\s*>|<br\s*/?>)", re.IGNORECASE)


def cell_slots(raw: str) -> list[list[str]]:
    """A text-export cell's paragraphs in order, empty ones (`<p></p>`) kept, each as its
    pieces (a <br> inside a <p> is a line break of the same paragraph). Word users line up
    the logical rows of one table row with empty paragraphs, so a paragraph's place says
    which logical row it belongs to. One pass over the tokens."""
    slots: list[list[str]] = []
    in_p = False
    after_close = False
    for token in _SLOT_TOKEN_RE.split(raw or ""):
        low = token.lower()
        if low.startswith("<p"):
            slots.append([])
            in_p, after_close = True, False
        elif low.startswith("</p"):
            in_p, after_close = False, True
        elif low.startswith("<br"):
            if not in_p:
                slots.append([])
                after_close = False
        elif token.strip():
            if not slots or (after_close and not in_p):
                slots.append([])
                after_close = False
            slots[-1].append(token)
    return slots


def cell_paragraphs(raw: str) -> list[Paragraph]:
    """A text-export cell's paragraphs (split at <p>, </p> and <br>). An empty paragraph
    before a non-empty one is kept (empty), so a Word copy keeps the cell's line-up."""
    if "<" not in raw:
        return [Paragraph(runs_from_markup(raw))] if raw.strip() else []
    out: list[Paragraph] = []
    for pieces in cell_slots(raw):
        out.extend(Paragraph(runs_from_markup(p.strip())) for p in pieces if p.strip())
        if not pieces:
            out.append(Paragraph([]))
    while out and not out[-1].text.strip():
        out.pop()
    return out


MAX_BOLD_SPAN = 5  # lines a "**" opened on one line may run over (a soft line break)


def blocks_from_text(text: str) -> list[Block]:
    """The blocks of a text export: consecutive tab-separated lines are one table; a bold
    span opened on one line and closed on a later one ("**a  \nb**") is one paragraph with
    a line break, as in the Word file the export came from."""
    blocks: list[Block] = []
    table: Table | None = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line, no = lines[i], i + 1
        i += 1
        if "\t" in line:
            if table is None:
                table = Table(line_no=no)
                blocks.append(table)
            table.rows.append([cell_paragraphs(c) for c in line.split("\t")])
            continue
        table = None
        if line.count("**") % 2:
            for j in range(i, min(i + MAX_BOLD_SPAN, len(lines))):
                if "\t" in lines[j] or not lines[j].strip():
                    break
                if lines[j].count("**") % 2:
                    line = "\n".join(lines[i - 1 : j + 1])
                    i = j + 1
                    break
        blocks.append(Paragraph(runs_from_markup(line), line_no=no))
    return blocks


# --- Writing blocks as the text the layouts read ----------------------------------------------


_AUTOLINK_RE = re.compile(r"<(https?://[^<>\s]{1,2000})>")


def _escape(text: str) -> str:
    """Text as markup: "&", "<" and ">" escaped, except a bracketed address ("<http://…>"),
    which the text exports write the same way."""
    out = []
    pos = 0
    for m in _AUTOLINK_RE.finditer(text):
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_markup(run: Run, *, in_cell: bool) -> str:
    text = _escape(run.text)
    if in_cell:
        text = text.replace("\n", "<br>")
    text = text.replace("\t", " ")
    if run.href:
        return f'<a href="{_escape(run.href)}">{text}</a>'
    return text


def render_paragraph(paragraph: Paragraph, *, in_cell: bool = False) -> str:
    runs = [r for r in paragraph.runs if r.text or r.href]
    if paragraph.bold:
        inner = "".join(_run_markup(r, in_cell=in_cell) for r in runs)
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner.rstrip())
        return f"{inner[:lead]}**{inner[lead:trail]}**{inner[trail:]}" if inner.strip() else inner
    out: list[str] = []
    for run in runs:
        text = _run_markup(run, in_cell=in_cell)
        out.append(f"**{text}**" if run.bold and run.text.strip() else text)
    return "".join(out)


def render_cell(paragraphs: list[Paragraph]) -> str:
    """A cell's paragraphs as `<p>` markup. An empty paragraph before a non-empty one stays as
    `<p></p>`: Word users line up the logical rows of one table row with empty paragraphs
    (a result in the second status column sits in the second paragraph), so its position
    tells which logical row a paragraph belongs to (reports/importers/six_month.py)."""
    shown = [render_paragraph(p, in_cell=True) for p in paragraphs]
    while shown and not shown[-1].strip():
        shown.pop()
    if sum(1 for s in shown if s.strip()) <= 1 and (not shown or shown[0].strip()):
        return shown[0] if shown else ""
    return " ".join(f"<p>{s}</p>" if s.strip() else "<p></p>" for s in shown)


def render(blocks: list[Block]) -> str:
    """The blocks as a text export: one line per paragraph, one line per table row."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            block.line_no = len(lines) + 1
            for row in block.rows:
                cells = [render_cell(cell) for cell in row]
                if len(cells) == 1:
                    cells.append("")  # a one-column row still reads as a table row
                lines.append("\t".join(cells))
        else:
            block.line_no = len(lines) + 1
            lines.extend(render_paragraph(block).split("\n"))
    return "\n".join(lines)
