-- Window replacement for AI provider data: the rows a load stages for report R of organisation A
-- over [window_start, window_end) replace every older row of R and A whose ChargePeriodStart
-- falls in that window (providers revise recent days, and a pull re-reads them). Rows filed
-- under the placeholder account (the provider's name: a file that named no organisation) are
-- replaced by any organisation's window. Returns nothing; run before the staged rows go in.
DELETE FROM line_item_data AS old
WHERE old.x_ProviderReport IS NOT NULL
  AND EXISTS (
      SELECT 1 FROM temp.provider_stage_windows w
      WHERE w.ProviderName = old.ProviderName
        AND w.report = old.x_ProviderReport
        AND (w.BillingAccountId = old.BillingAccountId OR old.BillingAccountId = old.ProviderName)
        AND old.ChargePeriodStart >= w.window_start
        AND old.ChargePeriodStart < w.window_end
  );
-- The placeholder's claim on those days goes with its rows.
DELETE FROM provider_days AS d
WHERE d.BillingAccountId = d.ProviderName
  AND EXISTS (
      SELECT 1 FROM temp.provider_stage_windows w
      WHERE w.ProviderName = d.ProviderName AND w.report = d.report
        AND w.BillingAccountId <> w.ProviderName
        AND d.day >= CAST(w.window_start AS DATE) AND d.day < w.window_end
  );
