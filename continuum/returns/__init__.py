"""Statutory returns to the DfE: reading, validating and reporting on return files.

``cin`` holds the CIN census (streaming XML parser, DfE validation rules as
DuckDB SQL, synthetic file generator). ``report`` holds the failure and
report types every return shares, so that SSDA903 and Annex A can report in
the same shape. ``cli`` adds ``./run returns validate FILE...``.
"""
