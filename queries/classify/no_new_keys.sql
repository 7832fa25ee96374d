-- Re-classifying without a load: no key is new.
CREATE OR REPLACE TEMP TABLE new_keys AS SELECT x_ClassKey FROM class_keys LIMIT 0
