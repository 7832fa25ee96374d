-- Record the window one staged source covers. $provider, $account, $account_name, $report,
-- $source, $window_start, $window_end, $fetched_at.
INSERT INTO temp.provider_stage_windows
VALUES ($provider, $account, $account_name, $report, $source, $window_start, $window_end,
        $fetched_at)
