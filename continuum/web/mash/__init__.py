"""The front door (MASH) in the browser: queue, contact form, duplicate check, decision and oversight."""
