"""Quality assurance and learning (issue 19): case audits, moderation, follow-up, reviews, Section 11.

Called "case audits" everywhere (code, URLs, pages): plain "audit" is the access log's name (``/audit/``).
"""
