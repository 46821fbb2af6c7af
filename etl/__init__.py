"""Turns community exports, the HR directory and training records into one DuckDB file."""
