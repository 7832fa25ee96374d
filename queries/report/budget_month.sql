-- Inserts one month's budget that overrides a line's monthly amount. $line_id, $month (DATE), $amount.
INSERT INTO report_budget_months VALUES ($line_id, $month::DATE, $amount::DECIMAL(38, 12))
