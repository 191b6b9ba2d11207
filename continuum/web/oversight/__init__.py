"""The IRO's and conference chair's pages: the review record, the caseload and the escalation log."""
