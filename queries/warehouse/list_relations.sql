-- The warehouse's views and tables with their columns and what they are (their COMMENT ON):
-- what `finops-ai sql` shows with no query. Views first: they are what analysts query.
SELECT
    table_name AS name,
    CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END AS kind,
    string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns,
    any_value(table_comment) AS description
FROM information_schema.columns
JOIN information_schema.tables USING (table_catalog, table_schema, table_name)
WHERE table_schema = 'main'
GROUP BY ALL
ORDER BY kind DESC, name
