-- File staged rows that name no organisation (the placeholder: the provider's name) under the
-- one organisation the warehouse knows for that provider. $provider, $account.
UPDATE temp.provider_stage SET BillingAccountId = $account
WHERE ProviderName = $provider AND BillingAccountId = $provider;
