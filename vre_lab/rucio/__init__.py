"""The Data slice: Rucio search, inspection, availability, uploads (server and kernel alike)."""
