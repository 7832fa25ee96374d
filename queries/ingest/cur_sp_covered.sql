-- The CUR projection `cur_src` with `sp_covered_cost` filled in on each Savings Plan recurring
-- fee: the Savings Plan effective cost of the usage its plan covered in the fee's charge period
-- (an hour in hourly CURs, the month in monthly ones). Only for a bill without
-- savingsPlan/TotalCommitmentToDate (finops_ai/ingest/aws_cur.py), where
-- ingest/cur_to_focus.sql takes the fee less this as the plan's unused commitment.
-- `cur_src` is not materialised: each use reads only the columns it names, and the rows that are
-- no fee stream through without a join.
SELECT * FROM cur_src
WHERE line_item_line_item_type IS DISTINCT FROM 'SavingsPlanRecurringFee'
UNION ALL BY NAME
SELECT fee.* REPLACE ((
        SELECT sum(used.savings_plan_savings_plan_effective_cost)
        FROM cur_src AS used
        WHERE used.line_item_line_item_type = 'SavingsPlanCoveredUsage'
          AND used.savings_plan_savings_plan_a_r_n = fee.savings_plan_savings_plan_a_r_n
          AND used.line_item_usage_start_date >= fee.line_item_usage_start_date
          AND used.line_item_usage_start_date < fee.line_item_usage_end_date
    ) AS sp_covered_cost)
FROM cur_src AS fee
WHERE fee.line_item_line_item_type = 'SavingsPlanRecurringFee'
