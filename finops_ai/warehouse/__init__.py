"""Storage: the DuckDB warehouse file, opened read-only or written in one atomic session
(db.py), and its numbered schema migrations (migrate.py). Every write goes through db.write."""
