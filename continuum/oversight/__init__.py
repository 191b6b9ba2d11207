"""Independent oversight of a child's plan: the IRO's record of a looked-after review and the
dispute-resolution (escalation) log an IRO or chair keeps when a concern about a plan is not resolved."""
