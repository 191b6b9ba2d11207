"""The child record in the browser: summary, chronology, family, journey, casework forms and search."""
