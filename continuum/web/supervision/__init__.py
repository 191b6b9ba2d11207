"""Supervision records in the browser: a worker's sessions, and recording one (issue 18 point 4)."""
