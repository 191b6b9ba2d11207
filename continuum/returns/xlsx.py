"""Write Arrow tables as the sheets of an XLSX workbook, without a Python object per cell.

Why: a validation report of a national CIN census or SSDA903 file has a few
hundred thousand failures. openpyxl (even write-only) makes a cell object for
each value, so writing the report took several times as long as validating
the file. An XLSX file is a zip of XML parts; each sheet's rows are built here
with Arrow's string kernels a batch at a time (every value escaped for XML,
text kept as inline strings, whole numbers as numbers) and streamed into the
zip, so the cost is a few passes over the bytes.

What it writes is the minimal workbook Excel, LibreOffice and openpyxl read:
content types, relationships, the workbook, a default style and one part per
sheet. Callers make cells safe first (``report._cells``); the values given
are written as they are.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["MAX_ROWS", "write_workbook"]

#: Rows a sheet may hold (Excel's limit), the header row included.
MAX_ROWS = 1_048_576
#: Rows turned into XML at a time: bounds memory whatever the table's size.
BATCH = 50_000
#: Characters XML 1.0 cannot carry at all (they are dropped rather than break the file).
_NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"
_NOT_XML_PY = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "http://schemas.openxmlformats.org/"
_TYPE = "application/vnd.openxmlformats-"
_SHEET_NS = _OOXML + "spreadsheetml/2006/main"
_PKG_RELS = _OOXML + "package/2006/relationships"
_DOC_RELS = _OOXML + "officeDocument/2006/relationships"

_CONTENT_TYPES = (
    _XML + f'<Types xmlns="{_OOXML}package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{_TYPE}package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    f'ContentType="{_TYPE}officedocument.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    f'ContentType="{_TYPE}officedocument.spreadsheetml.sharedStrings+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    f'ContentType="{_TYPE}officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    _XML + f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_DOC_RELS}"><sheets>{{sheets}}</sheets></workbook>'
)
_SHEET_REL = f'<Relationship Id="rId{{n}}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{{n}}.xml"/>'
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_RELS}">{{rels}}'
    f'<Relationship Id="rIdStyles" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdStrings" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _XML + f'<styleSheet xmlns="{_SHEET_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
#: A blank cell: it holds its column so the cells after it stay in theirs.
_BLANK = "<c/>"
_SHEET_START = _XML + f'<worksheet xmlns="{_SHEET_NS}"><sheetData>'
_SHEET_END = "</sheetData></worksheet>"


def write_workbook(path: Path, sheets: Sequence[tuple[str, pa.Table]]) -> Path:
    """Write ``sheets`` (name, table) to ``path``, each with its column names as the first row.

    A table longer than a sheet holds is cut at :data:`MAX_ROWS` (the caller says so).
    Dictionary-encoded text columns are written through the workbook's shared strings
    (each distinct value once), other text as inline strings.
    """
    shared = _SharedStrings()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        overrides = "".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=overrides))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name={quoteattr(name[:31])} sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, _) in enumerate(sheets, start=1)
        )
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(sheets=entries))
        rels = "".join(_SHEET_REL.format(n=n) for n in range(1, len(sheets) + 1))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(rels=rels))
        zf.writestr("xl/styles.xml", _STYLES)
        for n, (_, table) in enumerate(sheets, start=1):
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                part.write(_SHEET_START.encode())
                part.write(_header_row(table.schema.names))
                for batch in table.slice(0, MAX_ROWS - 1).to_batches(max_chunksize=BATCH):
                    part.write(_rows(batch, shared))
                part.write(_SHEET_END.encode())
        zf.writestr("xl/sharedStrings.xml", shared.xml())
    return path


class _SharedStrings:
    """The workbook's shared strings: each distinct text written once, cells refer to it by number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def cells(self, values: pa.Array) -> pa.Array:
        """The ``<c>`` element of each of ``values`` (the dictionary of a column), by number."""
        out = []
        for value in values.to_pylist():
            if value is None:
                out.append(_BLANK)
                continue
            number = self.index.setdefault(value, len(self.index))
            out.append(f'<c t="s"><v>{number}</v></c>')
        return pa.array(out, pa.string())

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{_xml_text(v)}</t></si>' for v in self.index)
        return _XML + f'<sst xmlns="{_SHEET_NS}" uniqueCount="{len(self.index)}">{items}</sst>'


def _xml_text(value: str) -> str:
    return escape(re.sub(_NOT_XML_PY, "", value))


def _header_row(names: Sequence[str]) -> bytes:
    cells = "".join(
        f'<c t="inlineStr"><is><t xml:space="preserve">{_xml_text(n)}</t></is></c>' for n in names
    )
    return f"<row>{cells}</row>".encode()


def _rows(batch: pa.RecordBatch, shared: _SharedStrings) -> bytes:
    """The ``<row>`` elements of one batch, as bytes."""
    cells = [_cells(column, shared) for column in batch.columns]
    if not cells:
        return b"<row/>" * batch.num_rows
    empty = pa.scalar("", pa.string())
    rows = pc.binary_join_element_wise(pa.scalar("<row>"), *cells, pa.scalar("</row>"), empty)
    return _concatenated(rows)


def _cells(column: pa.Array, shared: _SharedStrings) -> pa.Array:
    """Each value of ``column`` as its ``<c>`` element; a null is a blank cell, which keeps its place.

    Why a blank cell and not nothing: the cells carry no reference ("E3"), so a reader puts each in
    the column after the last. A null written as no cell at all moved the rest of its row one column
    left (a return-level failure's "return" landed under child_id).
    """
    if pa.types.is_dictionary(column.type):
        cell = pc.take(shared.cells(column.dictionary), column.indices)
    elif pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        text = pc.cast(column, pa.string())
        cell = pc.binary_join_element_wise("<c><v>", text, "</v></c>", "")
    else:
        text = column if pa.types.is_string(column.type) else pc.cast(column, pa.string())
        text = pc.replace_substring_regex(text, _NOT_XML, "")
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, char, entity)
        cell = pc.binary_join_element_wise(
            '<c t="inlineStr"><is><t xml:space="preserve">', text, "</t></is></c>", ""
        )
    return pc.fill_null(cell, _BLANK)


def _concatenated(strings: pa.Array) -> bytes:
    """All the values of a string array with no nulls, end to end, read off its buffers."""
    if isinstance(strings, pa.ChunkedArray):
        return b"".join(_concatenated(chunk) for chunk in strings.chunks)
    if len(strings) == 0:
        return b""
    offsets_buf, data_buf = strings.buffers()[1], strings.buffers()[2]
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)[strings.offset : strings.offset + len(strings) + 1]
    return data_buf.to_pybytes()[offsets[0] : offsets[-1]] if data_buf is not None else b""
