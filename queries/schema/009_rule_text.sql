-- Each user rule as written in its rules file ("tag:team=servin? -> inference"), so that
-- `explain` shows the rule the user wrote rather than the ILIKE pattern it is matched with.
-- NULL for rules stored before: the next `classify --rules` stores it.
ALTER TABLE classification_rules ADD COLUMN rule_text VARCHAR;
