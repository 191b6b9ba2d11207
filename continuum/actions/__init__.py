"""The one action tracker: what, who, by when, status, where it came from, and its history."""
