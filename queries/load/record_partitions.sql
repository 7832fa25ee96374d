-- Record the bill partitions a load delivered as they now stand, after the restatement: every
-- load's rows that remain in them (load/restate.py adds them up from what it read before
-- replacing any). Parallel lists, one entry per partition: $providers, $accounts, $periods,
-- $row_counts, $billed, $last_charge_ends, $deliveries (NULL: loose files, or several
-- deliveries' parts); $load_id is the load that last changed them.
INSERT OR REPLACE INTO bill_partitions BY NAME
SELECT
    unnest($providers::VARCHAR[]) AS ProviderName,
    unnest($accounts::VARCHAR[]) AS BillingAccountId,
    unnest($periods::TIMESTAMP[]) AS BillingPeriodStart,
    $load_id AS load_id,
    unnest($row_counts::BIGINT[]) AS row_count,
    unnest($billed::DECIMAL(38, 12)[]) AS billed_cost,
    now()::TIMESTAMP AS loaded_at,
    unnest($last_charge_ends::TIMESTAMP[]) AS last_charge_end,
    unnest($deliveries::VARCHAR[]) AS delivery_id
