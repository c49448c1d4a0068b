"""The small shared UI package: formatting, cached data access, charts and the page frame."""
