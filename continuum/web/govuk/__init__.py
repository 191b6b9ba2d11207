"""The GOV.UK form toolkit: forms, fields and widgets every casework page shares.

Why its own module: the front door (MASH) was the first to need GOV.UK date
boxes and error summaries, and the child record, the returns, the access
administration and the audit log came to use the same pieces. They live here,
with their templates in ``templates/govuk/``, so that none of those areas
depends on the MASH to draw a form.
"""
