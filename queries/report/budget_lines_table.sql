-- Creates the empty TEMP TABLE of budget lines from the budgets file (budget_line.sql inserts
-- them). Patterns are ILIKE patterns ('*' in the file becomes '%',
-- escape character '\'); NULL means the line does not restrict on that column. class 'ai' is the
-- three AI classes together. tag_index is the 1-based position of the tag's key in $tag_keys.
CREATE OR REPLACE TEMP TABLE report_budget_lines (
    line_id   INTEGER PRIMARY KEY,
    name      VARCHAR NOT NULL,
    scope     VARCHAR NOT NULL,
    currency  VARCHAR NOT NULL,
    class     VARCHAR,
    account   VARCHAR,
    project   VARCHAR,
    provider  VARCHAR,
    service   VARCHAR,
    tag_index INTEGER,
    tag_value VARCHAR,
    monthly   DECIMAL(38, 12) NOT NULL
)
