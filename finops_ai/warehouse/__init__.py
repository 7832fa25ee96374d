"""The DuckDB warehouse: the only code that writes it."""
