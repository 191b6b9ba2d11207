"""The written record of practice: case notes (and, later, warnings, drafts and supervision)."""
