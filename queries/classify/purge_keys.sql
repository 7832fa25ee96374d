-- Forget class keys whose line items were all replaced by a newer delivery.
DELETE FROM class_keys
WHERE x_ClassKey NOT IN (SELECT x_ClassKey FROM class_key_totals)
