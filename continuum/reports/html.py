"""Shared HTML and PDF output for reports: a GOV.UK-like print stylesheet and accessible tables.

Why plain Python strings rather than a template engine: the reports are a
handful of headings, tables and figures, every value goes through
:func:`esc`, and this keeps the package free of a second templating system
next to Django's. The look follows the GOV.UK Design System's conventions
(black text, bold headings, ruled tables, tags that say their colour in words)
with our own CSS: no GDS Transport font and no crown, which are reserved for
GOV.UK itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

__all__ = [
    "CSS",
    "Cell",
    "PdfInfo",
    "arrow_html",
    "definitions",
    "esc",
    "page",
    "rag_tag",
    "table",
    "write_pdf",
]

CSS = """
@page {
  size: A4;
  margin: 18mm 15mm 20mm 15mm;
  @bottom-left { content: string(report-title); color: #505a5f;
                 font: 9pt Arial, "Liberation Sans", sans-serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 9pt Arial, "Liberation Sans", sans-serif; color: #505a5f; }
}
@page landscape { size: A4 landscape; }
html { font-family: Arial, "Liberation Sans", "Helvetica Neue", Helvetica, "DejaVu Sans", sans-serif;
       color: #0b0c0c; font-size: 16px; line-height: 1.35; background: #fff; }
body { margin: 0 auto; max-width: 960px; padding: 0 15px 30px; }
.report-header { border-bottom: 10px solid #1d70b8; padding: 20px 0 10px; margin-bottom: 20px; }
.report-header .org { font-weight: 700; font-size: 19px; margin: 0; }
h1 { font-size: 36px; margin: 8px 0 10px; string-set: report-title content(); }
h2 { font-size: 27px; margin: 36px 0 12px; break-after: avoid; }
h3 { font-size: 21px; margin: 24px 0 8px; break-after: avoid; }
p { margin: 0 0 12px; max-width: 42em; }
.caption { color: #505a5f; font-size: 19px; margin: 0; }
.meta { color: #505a5f; font-size: 14px; }
.inset { border-left: 10px solid #b1b4b6; padding: 10px 15px; margin: 15px 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 24px; font-size: 14px; break-inside: auto; }
caption { text-align: left; font-weight: 700; font-size: 17px; padding-bottom: 8px; caption-side: top; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 6px 10px 6px 0; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th[scope="rowgroup"] { background: #f3f2f1; padding: 6px 8px; font-size: 15px; }
.tag { display: inline-block; padding: 1px 6px; font-weight: 700; font-size: 12px;
       letter-spacing: .5px; text-transform: uppercase; }
.tag--red { background: #f6d7d2; color: #942514; }
.tag--amber { background: #fcd6c3; color: #6e3619; }
.tag--green { background: #cce2d8; color: #005a30; }
.tag--grey { background: #eeefef; color: #383f43; }
.arrow { font-family: "DejaVu Sans", Arial, sans-serif; }
.good { color: #005a30; }
.bad { color: #942514; }
figure { margin: 0 0 12px; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-weight: 700; margin-bottom: 6px; }
.chart-data { font-size: 12px; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
                   margin: 0 !important; padding: 0 !important; overflow: hidden !important;
                   clip: rect(0, 0, 0, 0) !important; border: 0 !important; white-space: nowrap !important; }
.notes li { margin-bottom: 4px; }
.keep-together { break-inside: avoid; }
.definitions dt { font-weight: 700; margin-top: 10px; break-after: avoid; }
.definitions dd { margin: 2px 0 0; max-width: 42em; break-inside: avoid; }
.wide { page: landscape; }
@media print {
  body { max-width: none; padding: 0; }
  h2 { font-size: 20pt; } h1 { font-size: 26pt; } h3 { font-size: 14pt; }
  html { font-size: 11pt; }
  table { font-size: 9.5pt; }
  .visually-hidden { display: none; }
  .chart-section { break-before: page; }
}
"""


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute use."""
    return escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Cell:
    """A table cell whose content is already HTML (``html``) and is numeric or not."""

    html: str
    num: bool = False


def _cell(value: object, tag: str = "td", scope: str | None = None) -> str:
    if isinstance(value, Cell):
        cls = ' class="num"' if value.num else ""
        inner = value.html
    else:
        cls = ""
        inner = esc(value)
    scope_attr = f' scope="{scope}"' if scope else ""
    return f"<{tag}{scope_attr}{cls}>{inner}</{tag}>"


def table(
    caption: str,
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    groups: Sequence[tuple[str, Sequence[Sequence[object]]]] | None = None,
    css_class: str = "",
) -> str:
    """An accessible table: a caption, column headers with ``scope="col"``, row headers ``scope="row"``.

    The first cell of each row is the row header. ``groups`` (a heading and
    its rows) produce one ``<tbody>`` per group headed by a ``scope="rowgroup"``
    cell, so a screen reader announces the area with each figure.
    """
    head = "".join(_cell(h, "th", "col") for h in headers)
    parts = [f'<table class="{esc(css_class)}">' if css_class else "<table>"]
    parts.append(f"<caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>")

    def body(rs: Iterable[Sequence[object]]) -> str:
        out = []
        for r in rs:
            cells = [_cell(r[0], "th", "row"), *(_cell(c) for c in r[1:])]
            out.append("<tr>" + "".join(cells) + "</tr>")
        return "".join(out)

    if groups is not None:
        for title, rs in groups:
            parts.append(
                f'<tbody><tr><th scope="rowgroup" colspan="{len(headers)}">{esc(title)}</th></tr>'
                f"{body(rs)}</tbody>"
            )
    else:
        parts.append(f"<tbody>{body(rows)}</tbody>")
    parts.append("</table>")
    return "".join(parts)


_RAG = {"R": ("red", "Red"), "A": ("amber", "Amber"), "G": ("green", "Green")}


def rag_tag(rag: str | None) -> Cell:
    """A RAG rating as a tag that says its colour in words (colour alone is not accessible)."""
    if rag not in _RAG:
        return Cell("")
    key, word = _RAG[rag]
    return Cell(f'<strong class="tag tag--{key}">{word}</strong>')


_ARROW_WORDS = {"↑": "up", "↓": "down", "↔": "no real change"}


def arrow_html(arrow: str | None, good: bool | None = None, against: str = "") -> str:
    """A trend arrow with its meaning in words for screen readers (and good/bad colouring)."""
    if not arrow:
        return ""
    cls = "arrow" + (" good" if good is True else " bad" if good is False else "")
    verdict = ", better" if good is True else ", worse" if good is False else ""
    words = f"{_ARROW_WORDS.get(arrow, arrow)}{' on ' + against if against else ''}{verdict}"
    return (
        f'<span class="{cls}" aria-hidden="true">{arrow}</span>'
        f'<span class="visually-hidden">{esc(words)}</span>'
    )


def definitions(entries: Iterable[tuple[str, str]]) -> str:
    """An appendix defining the report's indicators: each (title as the report shows it, code).

    Why in the report itself: a board paper is read printed or as a PDF, away from the app, so
    pointing readers to a file in the source code (or to a page they may not be allowed to open)
    tells them nothing. The wording is the indicator's own definition from
    :mod:`continuum.metrics.definitions`, the same text as the dashboard's "What this figure means",
    so the report and the app cannot drift apart.
    """
    from continuum.metrics import definitions as defs

    items = []
    for title, code in dict.fromkeys(entries):
        try:
            meaning = defs.get(code).definition
        except KeyError:
            continue
        items.append(f"<dt>{esc(title)}</dt><dd>{esc(meaning)}</dd>")
    if not items:
        return ""
    return (
        '<section class="definitions-section"><h2 id="definitions">Definitions</h2>'
        "<p>What each figure in this report counts. The performance dashboards give the same "
        'wording under "What this figure means" beside each figure.</p>'
        f'<dl class="definitions">{"".join(items)}</dl></section>'
    )


def page(title: str, body: str, *, organisation: str = "", caption: str = "") -> str:
    """A whole HTML document (English, UTF-8, viewport) with the shared stylesheet inline."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<header class="report-header">'
        + (f'<p class="org">{esc(organisation)}</p>' if organisation else "")
        + f"<h1>{esc(title)}</h1>"
        + (f'<p class="caption">{esc(caption)}</p>' if caption else "")
        + f"</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class PdfInfo:
    """Where the PDF went and how many pages it has (for the command's message and tests)."""

    path: Path
    pages: int


def write_pdf(html: str, path: Path, base_url: Path | None = None) -> PdfInfo:
    """Render HTML to PDF with WeasyPrint; imported here so HTML-only use needs no Pango."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise RuntimeError(
            "PDF output needs WeasyPrint and the Pango library: "
            "pip install weasyprint; apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"({exc})"
        ) from exc
    document = HTML(string=html, base_url=str(base_url or path.parent)).render()
    document.write_pdf(path)
    return PdfInfo(path=path, pages=len(document.pages))
