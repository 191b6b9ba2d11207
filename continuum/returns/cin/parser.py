"""Stream a CIN census XML file into Arrow tables, with a clear error for bad files.

Why streaming: a national or large-authority file can be hundreds of
megabytes. ``lxml.etree.iterparse`` hands us one ``<Child>`` at a time; we
copy its values into plain row tuples, clear the element and drop the ones
before it, so the parsed tree never grows past one child. Rows are turned into
Arrow record batches every :data:`BATCH_CHILDREN` children, so Python lists
stay small too.

Why strict about structure but not content: the DfE rules exist to report
wrong *values* (a missing sex, a closure before a referral), so those are
kept as they are and left to validation. What the rules cannot talk about --
a file that is not XML, not UTF-8, has the wrong root, or a date that is not
a date -- stops the parse with a :class:`~continuum.returns.report.ReturnFileError`
naming the file, the line and what was expected.

Why an unknown element does not stop it: a file in another year's layout (the
2026-27 ``<PreProceedingsandFGDM>`` in a 2025-26 census) or with one stray
element is otherwise readable, and the analyst wants every other problem in
the same run. Such an element -- unknown anywhere, or a module the layout of
the file's year does not have -- is skipped with everything inside it and
recorded in :attr:`CinTables.problems` with its line; the engine reports each
as a failure of Continuum's own check ``CONTINUUM-CIN01``. Only where the
structure itself is wrong (no ``<Message>`` root, a ``<Child>`` outside
``<Children>``, a value holding elements) does the parse stop.

Why earlier years' files read: a council brings several years of returns
for trends. The header's ReferenceDate picks the layout of its collection
year (:mod:`.layouts`: until 2023-24 the child's sex is ``<GenderCurrent>``
coded 1/2/0/9), and each value is stored under today's element and code, so
the tables below are the same whatever the year. :attr:`CinTables.layout`
says which earlier layout was used.

Leniencies, on purpose: XML namespaces are ignored (some case-management
systems add one), sibling order is not enforced, an empty element
(``<CINclosureDate/>``) counts as absent, and dates may carry an XML-schema
time zone (``2025-04-01Z``), which is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from lxml import etree

from continuum.returns.cin.layouts import CinLayout, layout_for
from continuum.returns.cin.registry import collection_year_of
from continuum.returns.cin.schema import MODULE_SINCE, TABLES
from continuum.returns.report import ReturnFileError

__all__ = ["BATCH_CHILDREN", "CinTables", "FileProblem", "parse_cin"]

#: Children per Arrow batch: small enough to keep Python lists short, big
#: enough that Arrow conversion overhead does not show.
BATCH_CHILDREN = 20_000

_DATE = "date"
_TEXT = "text"

# Leaf elements of each group and how to read them. Groups that hold other
# groups are handled in code below; anything not listed is an unknown element.
_HEADER_COLLECTION = {"Collection": _TEXT, "Year": _TEXT, "ReferenceDate": _DATE}
_HEADER_SOURCE = {
    "SourceLevel": _TEXT,
    "LEA": _TEXT,
    "SoftwareCode": _TEXT,
    "Release": _TEXT,
    "SerialNo": _TEXT,
    "DateTime": _TEXT,
}
_IDENTIFIERS = {
    "LAchildID": _TEXT,
    "UPN": _TEXT,
    "FormerUPN": _TEXT,
    "UPNunknown": _TEXT,
    "PersonBirthDate": _DATE,
    "ExpectedPersonBirthDate": _DATE,
    "Sex": _TEXT,
    "PersonDeathDate": _DATE,
}
_CHARACTERISTICS = {"Ethnicity": _TEXT}
_CIN_DETAILS = {
    "CINreferralDate": _DATE,
    "ReferralSource": _TEXT,
    "PrimaryNeedCode": _TEXT,
    "CINclosureDate": _DATE,
    "ReasonForClosure": _TEXT,
    "DateOfInitialCPC": _DATE,
    "ReferralNFA": _TEXT,
}
_ASSESSMENT = {
    "AssessmentActualStartDate": _DATE,
    "AssessmentInternalReviewDate": _DATE,
    "AssessmentAuthorisationDate": _DATE,
}
_PLAN_DATES = {"CINPlanStartDate": _DATE, "CINPlanEndDate": _DATE}
_S47 = {
    "S47ActualStartDate": _DATE,
    "InitialCPCtarget": _DATE,
    "DateOfInitialCPC": _DATE,
    "ICPCnotRequired": _TEXT,
}
_CPP = {
    "CPPstartDate": _DATE,
    "CPPendDate": _DATE,
    "InitialCategoryOfAbuse": _TEXT,
    "LatestCategoryOfAbuse": _TEXT,
    "NumberOfPreviousCPP": _TEXT,
}

#: Module 5, new in 2026-27 (provisional: continuum/specs/2026_27/cin_census_2026_27_layout_changes.csv).
_PRE_PROCEEDINGS = {
    "PPStartDate": _DATE,
    "LBPSentDate": _DATE,
    "FGDMMeetingOffer": _TEXT,
    "FGDMMeetingFac": _TEXT,
    "InitialPPMeetingDate": _DATE,
    "ReviewMeetingsCount": _TEXT,
    "StepDecisionDate": _DATE,
    "PPOutcome": _TEXT,
    "CourtAppDate": _DATE,
    "LetterInitCPDate": _DATE,
}

_CIN_DETAILS_GROUPS = (
    "Assessments",
    "CINPlanDates",
    "Section47",
    "ChildProtectionPlans",
    "PreProceedingsandFGDM",
)
_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_TZ = re.compile(r"(Z|[+-]\d\d:\d\d)$")


@dataclass(frozen=True)
class FileProblem:
    """An element the file's layout does not have: skipped, with where it was and what was expected."""

    line: int | None
    element: str
    parent: str
    problem: str


@dataclass
class CinTables:
    """The parsed file: one Arrow table per module (see :mod:`.schema`), and the elements skipped."""

    path: str
    tables: dict[str, pa.Table] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    #: The collection year of the earlier layout the file was read with; None for today's.
    layout: str | None = None

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]

    @property
    def children(self) -> int:
        return self.tables["children"].num_rows


def _local(tag: str) -> str:
    """Drop an XML namespace: ``{urn:x}Child`` -> ``Child``."""
    return tag[tag.index("}") + 1 :] if tag[0] == "{" else tag


def _first_error(err: etree.XMLSyntaxError) -> tuple[int | None, str]:
    """The first real error libxml2 logged, with its line.

    lxml's exception text is sometimes a consequence ("no element found")
    rather than the cause (an undefined entity on line 12); the parser's
    error log has the cause.
    """
    for entry in err.error_log:
        if entry.level >= etree.ErrorLevels.ERROR:
            return entry.line or None, entry.message.strip()
    return err.lineno or None, (err.msg or str(err)).strip()


def _describe_syntax_error(msg: str) -> str:
    """Turn libxml2's wording into something an analyst can act on."""
    lower = msg.lower()
    if "not proper utf-8" in lower or "invalid utf-8" in lower or "encoding" in lower:
        return (
            "the file is not valid UTF-8 text "
            f"({msg}); the CIN census must be saved as UTF-8 (expected UTF-8 encoding)"
        )
    if "document is empty" in lower or "start tag expected" in lower:
        return (
            "the file is not XML: no element where one should start "
            "(expected an XML document starting with <Message>)"
        )
    if "extra content at the end" in lower:
        return f"the file is not well-formed XML: {msg} (expected a single <Message> root element)"
    return f"the file is not well-formed XML: {msg} (expected well-formed XML)"


class _Parser:
    """One pass over one file. Holds the row buffers and the batches made so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
        self.batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in TABLES}
        self.n_children = 0
        self.n_cin = 0
        self.n_assessments = 0
        self.n_cpp = 0
        self.header_seen = False
        #: The header's ReferenceDate, once read: it picks the layout year.
        self.reference_date: date | None = None
        #: Elements skipped because the layout does not have them (see the module docstring).
        self.problems: list[FileProblem] = []
        #: The layout of the ReferenceDate's year (today's until the header is read).
        self.layout: CinLayout = layout_for(None)

    # -- errors and values ---------------------------------------------------

    def fail(self, el: Any, problem: str) -> ReturnFileError:
        line = getattr(el, "sourceline", None)
        return ReturnFileError(self.path, line, problem)

    def unknown(self, el: Any, parent: str, allowed: list[str]) -> None:
        """Record an element the layout does not have; the caller skips it and reads on."""
        expected = ", ".join(f"<{a}>" for a in allowed)
        self.skip(
            el, parent, f"unknown element <{_local(el.tag)}> inside <{parent}>; expected one of: {expected}"
        )

    def skip(self, el: Any, parent: str, problem: str) -> None:
        self.problems.append(FileProblem(getattr(el, "sourceline", None), _local(el.tag), parent, problem))

    def parse_date(self, el: Any, name: str, text: str) -> date:
        """Read an ``xs:date`` (YYYY-MM-DD, optional time zone) or stop with a named error."""
        value = text
        if len(value) > 10:
            value = _TZ.sub("", value)
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(
            el, f"<{name}> holds {text!r}, which is not a date; expected YYYY-MM-DD (e.g. 2025-04-01)"
        )

    def read_group(
        self, group: Any, name: str, leaves: dict[str, str], nested: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
        """Read a group's leaf values, and hand back its nested groups in order.

        Unknown and repeated leaves are errors; an empty leaf is ``None``.
        """
        values: dict[str, Any] = {}
        inner: list[tuple[str, Any]] = []
        for el in group:
            tag = el.tag
            if tag.__class__ is not str:  # comment or processing instruction
                continue
            if tag[0] == "{":
                tag = _local(tag)
            kind = leaves.get(tag)
            if kind is None:
                if tag in nested:
                    inner.append((tag, el))
                else:
                    self.unknown(el, name, [*leaves, *nested])
                continue
            if tag in values:
                raise self.fail(el, f"<{tag}> appears more than once in one <{name}>; expected at most one")
            if len(el):
                raise self.fail(el, f"<{tag}> holds other elements; expected a plain value")
            text = el.text
            if text is not None:
                text = text.strip() or None
            if text is not None and kind == _DATE:
                values[tag] = self.parse_date(el, tag, text)
            else:
                values[tag] = text
        return values, inner

    def list_of(self, group: Any, name: str, item: str) -> list[tuple[str | None, Any]]:
        """Read a list group such as ``<Disabilities>``: (text, element) for each item."""
        out: list[tuple[str | None, Any]] = []
        for el in group:
            tag = el.tag
            if tag.__class__ is not str:
                continue
            if tag[0] == "{":
                tag = _local(tag)
            if tag != item:
                self.unknown(el, name, [item])
                continue
            if len(el):
                raise self.fail(el, f"<{tag}> holds other elements; expected a plain value")
            text = el.text
            out.append(((text.strip() or None) if text is not None else None, el))
        return out

    # -- modules ---------------------------------------------------------------

    def header(self, el: Any) -> None:
        if self.header_seen:
            raise self.fail(el, "<Header> appears more than once; expected one <Header>")
        self.header_seen = True
        _, groups = self.read_group(el, "Header", {}, ("CollectionDetails", "Source"))
        coll: dict[str, Any] = {}
        source: dict[str, Any] = {}
        for tag, g in groups:
            if tag == "CollectionDetails":
                coll, _ = self.read_group(g, tag, _HEADER_COLLECTION)
            elif not source:  # several <Source> are allowed; the first names the LA
                source, _ = self.read_group(g, tag, _HEADER_SOURCE)
        self.reference_date = coll.get("ReferenceDate")
        self.layout = layout_for(self.reference_date)
        self.rows["header"].append(
            (
                coll.get("Collection"),
                coll.get("Year"),
                coll.get("ReferenceDate"),
                source.get("SourceLevel"),
                source.get("LEA"),
                source.get("SoftwareCode"),
                source.get("Release"),
                source.get("SerialNo"),
                source.get("DateTime"),
                el.sourceline,
            )
        )

    def child(self, el: Any) -> None:
        cid = self.n_children
        self.n_children += 1
        ident: dict[str, Any] = {}
        ethnicity = None
        has_disabilities = False
        seen_ident = seen_char = False
        for part in el:
            tag = part.tag
            if tag.__class__ is not str:
                continue
            if tag[0] == "{":
                tag = _local(tag)
            if tag == "CINdetails":
                self.cin_details(part, cid)
            elif tag == "ChildIdentifiers":
                if seen_ident:
                    raise self.fail(part, "<ChildIdentifiers> appears twice in one <Child>; expected one")
                seen_ident = True
                ident, _ = self.read_group(part, tag, self.layout.leaves(tag, _IDENTIFIERS))
                ident = self.layout.to_current(tag, ident)
            elif tag == "ChildCharacteristics":
                if seen_char:
                    raise self.fail(part, "<ChildCharacteristics> appears twice in one <Child>; expected one")
                seen_char = True
                chars, groups = self.read_group(part, tag, _CHARACTERISTICS, ("Disabilities",))
                ethnicity = chars.get("Ethnicity")
                for _, g in groups:
                    has_disabilities = True
                    rows = self.rows["disabilities"]
                    for text, d in self.list_of(g, "Disabilities", "Disability"):
                        if text is not None:
                            rows.append((cid, text, d.sourceline))
            else:
                self.unknown(part, "Child", ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"])
        g = ident.get
        self.rows["children"].append(
            (
                cid,
                g("LAchildID"),
                g("UPN"),
                g("FormerUPN"),
                g("UPNunknown"),
                g("PersonBirthDate"),
                g("ExpectedPersonBirthDate"),
                g("Sex"),
                g("PersonDeathDate"),
                ethnicity,
                has_disabilities,
                el.sourceline,
            )
        )
        if self.n_children % BATCH_CHILDREN == 0:
            self.flush()

    def cin_details(self, el: Any, cid: int) -> None:
        did = self.n_cin
        self.n_cin += 1
        v, groups = self.read_group(el, "CINdetails", _CIN_DETAILS, _CIN_DETAILS_GROUPS)
        self.rows["cin_details"].append(
            (
                cid,
                did,
                v.get("CINreferralDate"),
                v.get("ReferralSource"),
                v.get("PrimaryNeedCode"),
                v.get("CINclosureDate"),
                v.get("ReasonForClosure"),
                v.get("DateOfInitialCPC"),
                v.get("ReferralNFA"),
                el.sourceline,
            )
        )
        plan_no = s47_no = pp_no = 0
        for tag, g in groups:
            if tag == "Assessments":
                self.assessment(g, cid, did)
            elif tag == "CINPlanDates":
                p, _ = self.read_group(g, tag, _PLAN_DATES)
                self.rows["cin_plan_dates"].append(
                    (cid, did, plan_no, p.get("CINPlanStartDate"), p.get("CINPlanEndDate"), g.sourceline)
                )
                plan_no += 1
            elif tag == "Section47":
                s, _ = self.read_group(g, tag, _S47)
                self.rows["section47"].append(
                    (
                        cid,
                        did,
                        s47_no,
                        s.get("S47ActualStartDate"),
                        s.get("InitialCPCtarget"),
                        s.get("DateOfInitialCPC"),
                        s.get("ICPCnotRequired"),
                        g.sourceline,
                    )
                )
                s47_no += 1
            elif tag == "PreProceedingsandFGDM":
                if not self.in_layout(g, tag):
                    continue
                p, _ = self.read_group(g, tag, _PRE_PROCEEDINGS)
                self.rows["pre_proceedings"].append(
                    (cid, did, pp_no, *(p.get(name) for name in _PRE_PROCEEDINGS), g.sourceline)
                )
                pp_no += 1
            else:
                self.cp_plan(g, cid, did)

    def in_layout(self, el: Any, module: str) -> bool:
        """Whether the layout of the file's collection year has ``module``; if not, it is recorded
        and skipped.

        Why: a file is read with the layout of its ReferenceDate's year; a
        2025-26 census holding module 5 was written for the wrong year.
        A file without a ReferenceDate is read with the latest layout.
        """
        reference = self.reference_date
        since = MODULE_SINCE[module]
        if reference is not None and collection_year_of(reference) < since:
            self.skip(
                el,
                "CINdetails",
                f"<{module}> is new in the {since} layout, but the ReferenceDate "
                f"{reference.isoformat()} is in {collection_year_of(reference)}; "
                f"expected a ReferenceDate of 31 March {int(since[:4]) + 1} or later for this module",
            )
            return False
        return True

    def assessment(self, el: Any, cid: int, did: int) -> None:
        aid = self.n_assessments
        self.n_assessments += 1
        v, groups = self.read_group(el, "Assessments", _ASSESSMENT, ("FactorsIdentifiedAtAssessment",))
        self.rows["assessments"].append(
            (
                cid,
                did,
                aid,
                v.get("AssessmentActualStartDate"),
                v.get("AssessmentInternalReviewDate"),
                v.get("AssessmentAuthorisationDate"),
                el.sourceline,
            )
        )
        rows = self.rows["assessment_factors"]
        for _, g in groups:
            for text, f in self.list_of(g, "FactorsIdentifiedAtAssessment", "AssessmentFactors"):
                if text is not None:
                    rows.append((cid, did, aid, text, f.sourceline))

    def cp_plan(self, el: Any, cid: int, did: int) -> None:
        pid = self.n_cpp
        self.n_cpp += 1
        v, groups = self.read_group(el, "ChildProtectionPlans", _CPP, ("Reviews",))
        self.rows["cp_plans"].append(
            (
                cid,
                did,
                pid,
                v.get("CPPstartDate"),
                v.get("CPPendDate"),
                v.get("InitialCategoryOfAbuse"),
                v.get("LatestCategoryOfAbuse"),
                v.get("NumberOfPreviousCPP"),
                el.sourceline,
            )
        )
        rows = self.rows["cp_reviews"]
        for _, g in groups:
            items = self.list_of(g, "Reviews", "CPPreviewDate")
            if not items:
                # An empty <Reviews> is kept as a review with no date, so that
                # rule 8842Q ("Review Record has a missing date") can see it.
                rows.append((cid, did, pid, None, g.sourceline))
            for text, r in items:
                when = self.parse_date(r, "CPPreviewDate", text) if text is not None else None
                rows.append((cid, did, pid, when, r.sourceline))

    # -- batches ---------------------------------------------------------------

    def flush(self) -> None:
        """Move buffered rows into Arrow batches and empty the buffers."""
        for name, rows in self.rows.items():
            if not rows:
                continue
            spec = TABLES[name]
            columns = list(zip(*rows, strict=True))
            arrays = [pa.array(col, type=t) for col, t in zip(columns, spec.columns.values(), strict=True)]
            self.batches[name].append(pa.RecordBatch.from_arrays(arrays, schema=spec.schema))
            rows.clear()

    def result(self) -> CinTables:
        if not self.header_seen:
            self.rows["header"].append((None,) * len(TABLES["header"].columns))
        self.flush()
        tables = {
            name: pa.Table.from_batches(self.batches[name], schema=TABLES[name].schema) for name in TABLES
        }
        problems = sorted(self.problems, key=lambda p: p.line or 0)
        return CinTables(path=str(self.path), tables=tables, problems=problems, layout=self.layout.year)


def _check_encoding(path: Path) -> None:
    """Refuse anything but UTF-8 before parsing, with the reason.

    libxml2 would happily read a Latin-1 or UTF-16 file that says so in its
    XML declaration; the DfE collection takes UTF-8, so we say so up front
    instead of producing a return that the DfE system rejects.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ReturnFileError(path, None, f"cannot open the file: {exc.strerror or exc}") from None
    if not head.strip():
        raise ReturnFileError(path, 1, "the file is empty; expected a CIN census XML document (<Message>)")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        raise ReturnFileError(path, 1, "the file is UTF-16/UTF-32 encoded; expected UTF-8")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    match = _ENCODING_DECL.match(head)
    if match and match.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        declared = match.group(1).decode("ascii")
        raise ReturnFileError(path, 1, f"the file declares encoding {declared!r}; expected UTF-8")


def parse_cin(path: str | Path) -> CinTables:
    """Parse one CIN census XML file into Arrow tables.

    Raises :class:`ReturnFileError` (never an lxml or Unicode traceback) when
    the file cannot be read as a CIN census.
    """
    path = Path(path)
    _check_encoding(path)
    parser = _Parser(path)
    root: Any = None
    etree.clear_error_log()  # the log is per thread; keep only this file's errors in it
    try:
        events = etree.iterparse(
            str(path),
            events=("end",),
            tag=("{*}Header", "{*}Child"),
            encoding="utf-8",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
            remove_comments=True,
            remove_pis=True,
        )
        for _, el in events:
            if root is None:
                tree = el.getroottree()
                root = tree.getroot()
                _check_no_dtd(parser, tree)
                _check_root(parser, root)
            parent = el.getparent()
            tag = _local(el.tag)
            if tag == "Child":
                if parent is None or _local(parent.tag) != "Children" or parent.getparent() is not root:
                    raise parser.fail(
                        el, "<Child> found outside <Children>; expected <Child> inside <Message><Children>"
                    )
                parser.child(el)
                el.clear(keep_tail=False)
                # Drop the children already read; anything else here is unknown.
                while parent[0] is not el:
                    prev = parent[0]
                    if _local(prev.tag) != "Child":
                        parser.unknown(prev, "Children", ["Child"])
                    del parent[0]
            else:
                if parent is not root:
                    raise parser.fail(
                        el, "<Header> found in the wrong place; expected <Header> directly inside <Message>"
                    )
                parser.header(el)
        root = events.root
    except etree.XMLSyntaxError as err:
        line, msg = _first_error(err)
        raise ReturnFileError(path, line, _describe_syntax_error(msg)) from None
    except UnicodeError as err:
        raise ReturnFileError(path, None, f"the file is not valid UTF-8 ({err}); expected UTF-8") from None
    if root is None:
        raise ReturnFileError(path, 1, "the file has no elements; expected a <Message> document")
    _check_no_dtd(parser, root.getroottree())
    _check_root(parser, root)
    _check_top_level(parser, root)
    return parser.result()


def _check_no_dtd(parser: _Parser, tree: Any) -> None:
    """Refuse a DOCTYPE: the CIN census has none, and entity declarations are an attack vector."""
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReturnFileError(
            parser.path, 1, "the file has a <!DOCTYPE> declaration; expected none in a CIN census file"
        )


def _check_root(parser: _Parser, root: Any) -> None:
    if _local(root.tag) != "Message":
        raise parser.fail(
            root, f"the root element is <{_local(root.tag)}>; expected <Message> (a CIN census file)"
        )


def _check_top_level(parser: _Parser, root: Any) -> None:
    """After the stream: only <Header> and <Children> may sit in <Message>, and <Children> holds <Child>."""
    children_seen = False
    for el in root:
        tag = _local(el.tag)
        if tag == "Children":
            if children_seen:
                raise parser.fail(el, "<Children> appears more than once; expected one")
            children_seen = True
            for c in el:
                if _local(c.tag) != "Child":
                    parser.unknown(c, "Children", ["Child"])
        elif tag != "Header":
            parser.unknown(el, "Message", ["Header", "Children"])
    if not children_seen:
        raise parser.fail(root, "<Message> has no <Children>; expected <Children> holding <Child> elements")
