-- Tier 4: the usage-pattern decision of each key's GPU fleet (gpu_fleet_profile), for the
-- members of fleets just profiled (the other members keep theirs).
INSERT INTO line_item_class_matches
SELECT g.x_ClassKey, 4, 0, p.rule_id, p.workload_class, p.confidence,
       printf('%s fleet %s: duty cycle %.2f, CV %.2f, %d run(s), peak %.0f instances (%s)',
              p.accelerator_type,
              coalesce(nullif(p.fleet_tag, ''), '(no auto scaling or node group tag)'),
              p.duty_cycle, coalesce(p.cv, 0), coalesce(p.runs, 0),
              coalesce(p.peak_instances, 0), p.granularity)
       || coalesce('; ' || p.confidence || ' confidence: ' || p.confidence_reason, '')
FROM gpu_keys AS g
JOIN gpu_fleet_profile AS p USING (fleet_id)
WHERE g.fleet_id IN (SELECT fleet_id FROM stale_fleets)
