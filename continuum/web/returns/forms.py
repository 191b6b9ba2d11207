"""The upload form: CIN census XML and/or SSDA903 CSV files, checked before anything is saved.

Why check here as well as in the parsers: a PDF or a 2 GB file should be
turned away at once, with a message naming the file and what to do, not after
a background job has started. The parsers still check everything they read.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from continuum.returns.report import ReturnFileError
from continuum.returns.services import dataset_name_problem, normalise_dataset_name, safe_name
from continuum.web.returns import exports
from continuum.web.returns.models import ReturnExport

__all__ = ["DatasetForm", "ExportForm", "UploadForm"]

_SNIFF = 4096


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans each one."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".xml,.csv,text/xml,text/csv"}))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # Each file is checked in UploadForm.clean_files, with messages that name it.
        return list(items)


def _head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(_SNIFF)
    upload.seek(0)
    return head


def _sniff_problem(upload: UploadedFile, name: str) -> str | None:
    """What is wrong with the file's opening bytes for its type, or None."""
    head = _head(upload)
    if b"\x00" in head:
        return f"The file {name} is not a text file. Select the CIN census XML or SSDA903 CSV files"
    if name.lower().endswith(".xml"):
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not text.startswith(b"<"):
            return f"The file {name} is not an XML document. Select the CIN census or SEN2 XML file"
    return None


def _file_problems(files: list[UploadedFile], kinds: tuple[str, ...], what: str) -> list[str]:
    """Messages, each naming its file, for files that cannot be what the field asks for.

    ``kinds`` are the endings allowed (".xml", ".csv"); ``what`` names the
    field's files in the messages ("" for the main field, whose messages
    read as before).
    """
    limit_mb = int(settings.CONTINUUM_RETURN_UPLOAD_MAX_MB)
    seen: set[str] = set()
    problems: list[str] = []
    of = f" ({what})" if what else ""
    for f in files:
        name = safe_name(f.name or "")
        if not name.lower().endswith(kinds):
            kind = " or ".join(k.lstrip(".").upper() for k in kinds)
            problems.append(f"The file {name}{of} must be a{'n' if kind[0] == 'X' else ''} {kind} file")
        elif f.size == 0:
            problems.append(f"The file {name}{of} is empty")
        elif f.size > limit_mb * 1024 * 1024:
            problems.append(f"The file {name}{of} must be smaller than {limit_mb} MB")
        elif name.lower() in seen:
            problems.append(f"Two files{of} are called {name}. Select each file once")
        else:
            problem = _sniff_problem(f, name)
            if problem:
                problems.append(problem.replace(f"The file {name}", f"The file {name}{of}", 1))
        seen.add(name.lower())
    return problems


def _header_table(upload: UploadedFile, name: str, what: str) -> tuple[str | None, str | None]:
    """Which SSDA903 table the file's header row names, or a message naming the file (row 1)."""
    from continuum.returns.ssda903.parser import identify

    text = _head(upload).decode("utf-8-sig", errors="replace")
    first = next(csv.reader(io.StringIO(text.splitlines()[0] if text.strip() else "")), [])
    try:
        table, _ = identify(name, first)
    except ReturnFileError as err:
        return None, f"The file {name} ({what}), row 1: {err.problem}"
    return table.name, None


def _provider_problem(upload: UploadedFile, name: str) -> str | None:
    """The provider file read as the validation will read it: the first problem, naming file and row.

    The file is small (one row per provider), so it is read here in full and
    a wrong date or a repeated URN is refused at once, with the form kept.
    """
    from continuum.returns.ssda903 import read_providers

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        upload.seek(0)
        try:
            read_providers(path)
        except ReturnFileError as err:
            row = f", row {err.line}" if err.line else ""
            return f"The provider information file {name}{row}: {err.problem}"
    return None


def _postcode_problem(upload: UploadedFile, name: str) -> str | None:
    """The postcode directory's header row as the validation reads it: its problem, or None."""
    from continuum.returns.ssda903.rules.postcodes import read_postcodes

    first = _head(upload).split(b"\n", 1)[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(first + b"\n")
        try:
            read_postcodes(path)
        except ReturnFileError as err:
            return f"The file {name} (ONS Postcode Directory): {err.problem}"
    return None


#: The optional fields that only an SSDA903 return reads, as their error messages start.
_ONLY_WITH_903 = {
    "previous_files": "Last year’s SSDA903 files are",
    "history_files": "Earlier years’ Episodes files are",
    "provider_files": "Provider information is",
    "postcode_files": "The ONS Postcode Directory is",
}


class UploadForm(forms.Form):
    """Files to check, and an optional description to find them by later."""

    files = _MultipleFileField(
        label="Return files",
        help_text="A CIN census or SEN2 XML file, the SSDA903 CSV files (one per table), or several of them.",
        error_messages={"required": "Select a CIN census XML file or SSDA903 CSV files to upload"},
    )
    previous_files = _MultipleFileField(
        label="Last year’s SSDA903 files (optional)",
        help_text="Last year’s return, one CSV file per table, for the rules that compare the two years.",
        required=False,
        widget=_MultipleFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    history_files = _MultipleFileField(
        label="Earlier years’ Episodes files (optional)",
        help_text="The Episodes CSV file of each year before last year, for rules 199, 1000, 1001 "
        "and 1002 (care leavers who left care years ago).",
        required=False,
        widget=_MultipleFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    provider_files = forms.FileField(
        label="Provider information (optional)",
        help_text="A CSV file with one row per Ofsted URN, for rules 219, 221, 224, 227, 228 and 229. "
        "Without it those rules are not checked.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    postcode_files = forms.FileField(
        label="ONS Postcode Directory (optional)",
        help_text="The ONS Postcode Directory (ONSPD) as a CSV file, the whole country or your "
        "region’s part, for the rules on where placements are: their local authority, whether "
        "in or out of the area, and distance from home (164, 169, 179, 392a, 406, 411, 420, 452, "
        "453, 454, 503G, 503H, 503J and 1015). Without it those rules are not checked.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="For example, ‘CIN census 2025-26, second draft’. Do not include children’s details.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        problems = _file_problems(files, (".xml", ".csv"), "")
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean_previous_files(self) -> list[UploadedFile]:
        """Last year's files: CSV, and each an SSDA903 table by its header row."""
        return self._ssda903_files("previous_files", "last year’s SSDA903 files", episodes_only=False)

    def clean_history_files(self) -> list[UploadedFile]:
        """Earlier years' files: CSV, and each an Episodes file (as ``--history`` requires)."""
        return self._ssda903_files("history_files", "earlier years’ Episodes files", episodes_only=True)

    def _ssda903_files(self, field: str, what: str, *, episodes_only: bool) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data[field]
        problems = _file_problems(files, (".csv",), what)
        if not problems:
            for f in files:
                name = safe_name(f.name or "")
                table, problem = _header_table(f, name, what)
                if problem is None and episodes_only and table != "episodes":
                    problem = f"The file {name} ({what}) is not an Episodes file. Select Episodes files only"
                if problem:
                    problems.append(problem)
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean_provider_files(self) -> list[UploadedFile]:
        """The provider file (a list of at most one, as the other groups): CSV, and every row readable."""
        f: UploadedFile | None = self.cleaned_data["provider_files"]
        if not f:
            return []
        problems = _file_problems([f], (".csv",), "provider information")
        problem = problems[0] if problems else _provider_problem(f, safe_name(f.name or ""))
        if problem:
            raise forms.ValidationError(problem)
        return [f]

    def clean_postcode_files(self) -> list[UploadedFile]:
        """The postcode directory (a list of at most one): CSV, with the ONSPD's columns.

        Only the header row is read here (the national file is large); the validation reads
        the rest and names the row if one cannot be read.
        """
        f: UploadedFile | None = self.cleaned_data["postcode_files"]
        if not f:
            return []
        problems = _file_problems([f], (".csv",), "ONS Postcode Directory")
        problem = problems[0] if problems else _postcode_problem(f, safe_name(f.name or ""))
        if problem:
            raise forms.ValidationError(problem)
        return [f]

    def clean(self) -> dict[str, object]:
        """Last year's files, history, providers and postcodes are read only with an SSDA903 return."""
        data = super().clean()
        has_903 = any(safe_name(f.name or "").lower().endswith(".csv") for f in data.get("files") or [])
        if "files" in data and not has_903:
            for field, what in _ONLY_WITH_903.items():
                if data.get(field):
                    self.add_error(
                        field,
                        f"{what} only read with an SSDA903 return. "
                        "Select this year’s SSDA903 CSV files under Return files too",
                    )
        return data


class DatasetForm(forms.Form):
    """The name under which an upload's returns are imported for the dashboards."""

    name = forms.CharField(
        label="Dataset name",
        help_text="How the dashboards will name this data, for example ‘CIN census 2025-26 draft’.",
        max_length=100,
        error_messages={
            "required": "Enter a name for the dataset",
            "max_length": "Dataset name must be 100 characters or fewer",
        },
    )

    def clean_name(self) -> str:
        """The name as it will be stored, refused if taken (the service checks it again on import)."""
        name = normalise_dataset_name(self.cleaned_data["name"])
        problem = dataset_name_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name


class ExportForm(forms.Form):
    """Which return to write from the live record, and for which collection year.

    The year offered first is the latest whose collection period has ended
    (:func:`~continuum.web.returns.exports.default_year`), the one a council submits.
    """

    kind = forms.ChoiceField(
        label="Return",
        choices=ReturnExport.Kind.choices,
        error_messages={"required": "Select the return to export"},
    )
    year = forms.TypedChoiceField(
        label="Collection year",
        coerce=int,
        error_messages={
            "required": "Select the collection year",
            "invalid_choice": "Select a collection year from the list",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = exports.year_choices()
        self.fields["year"].initial = exports.default_year()

    def clean(self) -> dict[str, object]:
        """SEN2 is written only for the years Continuum has its layout for: said beside the year."""
        data = super().clean()
        year = data.get("year")
        if data.get("kind") == ReturnExport.Kind.SEN2 and isinstance(year, int):
            known = exports.sen2_years()
            if exports.year_label(year) not in known:
                self.add_error(
                    "year",
                    f"SEN2 can be exported for {' and '.join(known)} only. Select one of those years",
                )
        return data
