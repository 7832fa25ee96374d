-- Inserts one budget line into report_budget_lines. Every column is a $parameter of the same name.
INSERT INTO report_budget_lines VALUES (
    $line_id, $name, $scope, $currency, $class, $account, $project, $provider, $service,
    $tag_index, $tag_value, $monthly::DECIMAL(38, 12)
)
