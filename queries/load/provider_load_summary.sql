-- What load $load_id changed in AI provider data: per provider, organisation and report, the
-- window, rows and money now in the warehouse. Returns (provider, account, report, window_start,
-- window_end, rows, billed per currency, estimated).
SELECT
    w.ProviderName, w.BillingAccountId, w.report,
    min(w.window_start), max(w.window_end),
    (SELECT count(*) FROM line_item_data l
     WHERE l.x_LoadId = $load_id AND l.ProviderName = w.ProviderName
       AND l.BillingAccountId = w.BillingAccountId AND l.x_ProviderReport = w.report),
    -- Per currency, never added across currencies: [{currency, billed}, ...].
    (SELECT coalesce(list({'currency': currency, 'billed': billed} ORDER BY currency), [])
     FROM (SELECT l.BillingCurrency AS currency, coalesce(sum(l.BilledCost), 0) AS billed
           FROM line_item_data l
           WHERE l.x_LoadId = $load_id AND l.ProviderName = w.ProviderName
             AND l.BillingAccountId = w.BillingAccountId AND l.x_ProviderReport = w.report
           GROUP BY ALL)),
    (SELECT count(*) FROM line_item_data l
     WHERE l.x_LoadId = $load_id AND l.ProviderName = w.ProviderName
       AND l.BillingAccountId = w.BillingAccountId AND l.x_ProviderReport = w.report
       AND l.x_CostEstimated)
FROM temp.provider_stage_windows w
GROUP BY ALL
ORDER BY 1, 2, 3
