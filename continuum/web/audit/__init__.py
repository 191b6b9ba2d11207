"""The access log, searchable by QA officers and system administrators."""
