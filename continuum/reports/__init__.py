"""Reports built on the indicator engine: Performance Matters and the board's annual table.

Why a package of its own: reports only *present* figures. Every number comes
from :mod:`continuum.metrics` (one definition per indicator), so a figure in
the monthly report, the board paper and a dashboard cannot disagree. This
package adds wording (:mod:`~continuum.reports.narrative`), layout (HTML, PDF,
XLSX, CSV) and charts, never its own counting.
"""
