"""Statutory returns in the app: upload, background validation, the report, import and retention."""
