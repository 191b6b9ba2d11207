"""Partnership business (issue 22): boards and their sub-groups, meetings, papers, minutes, packs."""
