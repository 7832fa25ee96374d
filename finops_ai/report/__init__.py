"""Reports built from SQL results and rendered by Jinja templates."""
