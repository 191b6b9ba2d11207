"""The workforce page: contracted hours per worker and establishment per team (issue 15 point 6)."""
