-- Creates TEMP TABLE report_budget_match: which budget lines cover which report_cube cell. A
-- line covers spend in its currency that matches every column the line names. Lines may
-- overlap: spend under two lines counts against both. An account matches by its name in any
-- month's bill (legacy CURs carry no account names; CUR 2.0 does).
CREATE OR REPLACE TEMP TABLE report_budget_match AS
WITH names AS (
    SELECT provider, account, max(account_name) AS account_name
    FROM report_cube
    GROUP BY ALL
)
SELECT c.rowid AS cell_id, l.line_id
FROM report_cube AS c
LEFT JOIN names AS n ON n.provider = c.provider AND n.account IS NOT DISTINCT FROM c.account
JOIN report_budget_lines AS l
  ON c.currency = l.currency
 AND (l.class IS NULL
      OR c.class = l.class
      OR (l.class = 'ai' AND c.class IN ('training', 'inference', 'ai_other')))
 AND (l.account IS NULL
      OR c.account ILIKE l.account ESCAPE '\'
      OR c.billing_account ILIKE l.account ESCAPE '\'
      OR n.account_name ILIKE l.account ESCAPE '\')
 AND (l.project IS NULL
      OR c.account ILIKE l.project ESCAPE '\'
      OR n.account_name ILIKE l.project ESCAPE '\')
 AND (l.provider IS NULL OR c.provider ILIKE l.provider ESCAPE '\')
 AND (l.service IS NULL OR c.service ILIKE l.service ESCAPE '\')
 AND (l.tag_index IS NULL OR c.tag_values[l.tag_index] ILIKE l.tag_value ESCAPE '\')
