"""GOV.UK widgets: the three-box date input, and its two-box month (month and year) form.

Why hand-written: GOV.UK asks for dates as three boxes (day, month, year), so
the widget reads ``<name>-day``, ``<name>-month`` and ``<name>-year`` and hands
the field the text as typed; the field says which box is wrong. A month asked
for on its own (a report's first and last month) is the same boxes less the day.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

DATE_PARTS = ("day", "month", "year")
MONTH_PARTS = ("month", "year")


class DateInputWidget(forms.Widget):
    """Three boxes named ``<name>-day``, ``<name>-month``, ``<name>-year``; the value is a dict of text."""

    parts: tuple[str, ...] = DATE_PARTS

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> dict[str, str]:
        return {part: str(data.get(f"{name}-{part}", "")).strip() for part in self.parts}

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)


class MonthInputWidget(DateInputWidget):
    """Two boxes named ``<name>-month`` and ``<name>-year``; the value is a dict of text."""

    parts = MONTH_PARTS
