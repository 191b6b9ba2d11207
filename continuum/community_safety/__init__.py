"""Community safety: the Safer Communities Partnership's crime figures and cost-benefit model (issue 23).

Held apart from children's records: nothing here names a person. See docs/community_safety.md.
"""
