"""The upload form: CIN census XML and/or SSDA903 CSV files, checked before anything is saved.

Why check here as well as in the parsers: a PDF or a 2 GB file should be
turned away at once, with a message naming the file and what to do, not after
a background job has started. The parsers still check everything they read.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

__all__ = ["DatasetForm", "UploadForm", "safe_name"]

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
        if not items:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # Each file is checked in UploadForm.clean_files, with messages that name it.
        return list(items)


def safe_name(name: str) -> str:
    """The file's own name, reduced to letters, digits, dot, dash and underscore (for storing it)."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")
    return cleaned[:100] or "file"


def _sniff_problem(upload: UploadedFile, name: str) -> str | None:
    """What is wrong with the file's opening bytes for its type, or None."""
    upload.seek(0)
    head = upload.read(_SNIFF)
    upload.seek(0)
    if b"\x00" in head:
        return f"The file {name} is not a text file. Select the CIN census XML or SSDA903 CSV files"
    if name.lower().endswith(".xml"):
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not text.startswith(b"<"):
            return f"The file {name} is not an XML document. Select the CIN census XML file"
    return None


class UploadForm(forms.Form):
    """Files to check, and an optional description to find them by later."""

    files = _MultipleFileField(
        label="Return files",
        help_text="A CIN census XML file, the SSDA903 CSV files (one per table), or both.",
        error_messages={"required": "Select a CIN census XML file or SSDA903 CSV files to upload"},
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
        limit_mb = int(settings.CONTINUUM_RETURN_UPLOAD_MAX_MB)
        seen: set[str] = set()
        problems: list[str] = []
        for f in files:
            name = safe_name(f.name or "")
            if not name.lower().endswith((".xml", ".csv")):
                problems.append(f"The file {name} must be an XML or CSV file")
            elif f.size == 0:
                problems.append(f"The file {name} is empty")
            elif f.size > limit_mb * 1024 * 1024:
                problems.append(f"The file {name} must be smaller than {limit_mb} MB")
            elif name.lower() in seen:
                problems.append(f"Two files are called {name}. Select each file once")
            else:
                problem = _sniff_problem(f, name)
                if problem:
                    problems.append(problem)
            seen.add(name.lower())
        if problems:
            raise forms.ValidationError(problems)
        return files


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
        from continuum.web.returns.models import ReturnUpload

        name = " ".join(self.cleaned_data["name"].split())
        if ReturnUpload.objects.filter(dataset_name__iexact=name, dataset_imported_at__isnull=False).exists():
            raise forms.ValidationError(f"A dataset called {name} already exists. Enter a different name")
        return name
