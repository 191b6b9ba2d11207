"""Reports in the app: Performance Matters and the board's annual table, generated, annotated, published.

Why a version per generation: a published report is what the board read, so
it must not change under them; each generation is a new
:class:`~continuum.publishing.models.ReportVersion` with who asked, when, its
files and the analysts' commentary, written only through :mod:`.services`.
"""
