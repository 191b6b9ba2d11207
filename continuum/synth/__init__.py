"""The synthetic borough: a deterministic simulation of children's social care (docs/synthetic-data.md)."""
