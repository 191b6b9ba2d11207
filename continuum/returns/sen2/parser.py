"""Read a SEN2 person-level XML file into Arrow tables, one per module (see :mod:`.layout`).

Why every value is kept as text: the rules must be able to say "not a valid date" or "not a
valid code" about what the file holds, so the reader does not judge values; the rules do
(``TRY_CAST`` in their SQL). What the reader refuses is a file that is not a SEN2 return at all,
with :class:`~continuum.returns.report.ReturnFileError` naming the file, the line and what was
expected: not UTF-8, not well-formed XML, a DTD (never resolved), another collection (a CIN
census file given as SEN2), no header or reference date, or an element the year's layout does
not have where it stands.

Each table row carries ``id`` (its position in its table), ``parent`` (the ``id`` of the row it
sits in), ``person_id`` and ``request_id`` (for the tables under a request), and ``line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from lxml import etree

from continuum.returns.report import ReturnFileError
from continuum.returns.rules_registry import collection_year_of
from continuum.returns.sen2 import layout

__all__ = ["Sen2Tables", "is_sen2", "parse_sen2", "tables_from_xml"]

_HEADER_GROUPS = ("CollectionDetails", "Source")
_KEYS = ("id", "parent", "person_id", "request_id", "line")


@dataclass
class Sen2Tables:
    """A SEN2 file read: its tables by name, the layout year used, and the file's name."""

    tables: dict[str, pa.Table]
    year: str
    path: str
    reference_date: date | None = None
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]

    @property
    def collection_year(self) -> str | None:
        """The collection year the census date falls in (``year`` is the layout it was read with)."""
        return collection_year_of(self.reference_date) if self.reference_date else None

    @property
    def persons(self) -> int:
        return self.tables["persons"].num_rows


def is_sen2(path: str | Path) -> bool:
    """True when the file's opening names the SEN2 collection (how an XML upload is told apart
    from a CIN census file without reading it twice)."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"<Collection>SEN2</Collection>" in head.replace(b" ", b"")


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in layout.TABLES}
        self.year = ""
        self.reference_date: date | None = None

    def fail(self, el: Any, problem: str) -> ReturnFileError:
        return ReturnFileError(self.path, getattr(el, "sourceline", None), problem)

    def header(self, root: Any) -> None:
        header = next((c for c in root if _local(c.tag) == "Header"), None)
        if header is None:
            raise self.fail(root, "no <Header>; expected <Message><Header> first in a SEN2 file")
        values: dict[str, str] = {}
        for group in header:
            if _local(group.tag) not in _HEADER_GROUPS:
                if _local(group.tag):
                    raise self.fail(
                        group,
                        f"unexpected <{_local(group.tag)}> in <Header>; expected "
                        "<CollectionDetails> and <Source>",
                    )
                continue
            for el in group:
                if _local(el.tag):
                    values[_local(el.tag)] = (el.text or "").strip()
        collection = values.get("Collection", "")
        if collection != "SEN2":
            named = f"the {collection} collection" if collection else "no collection"
            raise self.fail(header, f"this file is for {named}; expected <Collection>SEN2</Collection>")
        reference = _date(values.get("ReferenceDate", ""))
        if reference is None:
            raise self.fail(
                header,
                "no readable <ReferenceDate> (YYYY-MM-DD) in the header; it names "
                "the census date, and so the year's layout and rules",
            )
        known = layout.years()
        year = collection_year_of(reference)
        self.year = year if year in known else (min(known) if year < min(known) else max(known))
        self.reference_date = reference
        row = {e.column: values.get(e.name) or None for e in layout.elements(self.year)["header"]}
        self.rows["header"].append(
            {**row, "id": 0, "parent": None, "person_id": None, "request_id": None, "line": header.sourceline}
        )

    def persons(self, root: Any) -> None:
        persons = [c for c in root if _local(c.tag) == "Persons"]
        if len(persons) != 1:
            raise self.fail(root, "expected one <Persons> in <Message>, holding each <Person>")
        for el in persons[0]:
            if not _local(el.tag):
                continue
            if _local(el.tag) != "Person":
                raise self.fail(el, f"unexpected <{_local(el.tag)}> in <Persons>; expected <Person>")
            self.read(el, "persons", None, None, None)

    def read(self, el: Any, table: str, parent: int | None, person: int | None, request: int | None) -> None:
        """One element of ``table`` and, in turn, the tables inside it."""
        own = {e.name: e for e in layout.elements(self.year)[table]}
        inner = {tag: name for name, (tag, up) in layout.TABLES.items() if up == table}
        row_id = len(self.rows[table])
        if table == "persons":
            person = row_id
        elif table == "requests":
            request = row_id
        row: dict[str, Any] = {e.column: None for e in own.values()}
        row.update(id=row_id, parent=parent, person_id=person, request_id=request, line=el.sourceline)
        self.rows[table].append(row)
        for child in el:
            tag = _local(child.tag)
            if not tag:
                continue
            if tag in own:
                if len(child):
                    raise self.fail(child, f"<{tag}> holds elements; expected a value")
                row[own[tag].column] = (child.text or "").strip() or None
            elif tag in inner:
                self.read(child, inner[tag], row_id, person, request)
            else:
                expected = ", ".join(f"<{n}>" for n in [*own, *inner])
                raise self.fail(
                    child,
                    f"unexpected <{tag}> in <{_local(el.tag)}> for the {self.year} "
                    f"layout; expected {expected}",
                )

    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for table in layout.TABLES:
            columns = [e.column for e in layout.elements(self.year)[table]]
            fields = [pa.field(k, pa.int64()) for k in _KEYS] + [pa.field(c, pa.string()) for c in columns]
            out[table] = pa.Table.from_pylist(self.rows[table], schema=pa.schema(fields))
        return out


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _xml_parser() -> Any:
    # No entities, no network, no DTD: a return file is data, never instructions to the parser.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def tables_from_xml(data: bytes, name: str = "<memory>") -> Sen2Tables:
    """Read SEN2 XML held in memory (the reader of :func:`parse_sen2`, and of the tests)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReturnFileError(name, line, "the file is not UTF-8 text; save it as UTF-8 XML") from None
    if text.lstrip("\ufeff").lstrip()[:1] != "<":
        raise ReturnFileError(name, 1, "the file is not XML; expected a SEN2 <Message> document")
    try:
        tree = etree.fromstring(data, _xml_parser()).getroottree()
    except etree.XMLSyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        raise ReturnFileError(name, line, f"the XML is not well formed ({err.msg.split(',')[0]})") from None
    if tree.docinfo.doctype:
        raise ReturnFileError(name, 1, "the file declares a DTD; a SEN2 file has none")
    root = tree.getroot()
    reader = _Reader(name)
    if _local(root.tag) != "Message":
        raise reader.fail(root, f"the root element is <{_local(root.tag)}>; expected <Message>")
    reader.header(root)
    reader.persons(root)
    return Sen2Tables(reader.tables(), reader.year, name, reader.reference_date)


def parse_sen2(path: str | Path) -> Sen2Tables:
    """Read one SEN2 XML file (raises :class:`ReturnFileError` if it cannot be read as SEN2)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise ReturnFileError(path, None, "the file cannot be opened") from None
    return tables_from_xml(data, str(path))
