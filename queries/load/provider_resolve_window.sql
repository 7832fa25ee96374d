-- The same for the staged windows (see provider_resolve_account.sql). $provider, $account.
UPDATE temp.provider_stage_windows SET BillingAccountId = $account
WHERE ProviderName = $provider AND BillingAccountId = $provider;
