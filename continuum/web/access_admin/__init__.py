"""Who may see which child: legitimate relationships, restricted records and break-glass review."""
