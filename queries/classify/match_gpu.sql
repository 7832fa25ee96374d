-- Tier 4: the usage-pattern decision of each key of the fleets just judged (gpu_profile.sql):
-- its resource's, or its fleet's when the key billed no instance-hours of its own (a fee, or
-- a resource seen only in such keys). The description is what `explain` shows.
INSERT INTO line_item_class_matches
WITH keyed AS (
    SELECT g.x_ClassKey, g.fleet_id,
           coalesce(nullif(k.ResourceId, ''), CAST(g.x_ClassKey AS VARCHAR)) AS series
    FROM gpu_keys AS g
    JOIN class_keys AS k USING (x_ClassKey)
    WHERE g.fleet_id IN (SELECT fleet_id FROM stale_fleets)
)
SELECT
    k.x_ClassKey, 4, 0,
    coalesce(s.rule_id, p.rule_id), coalesce(s.workload_class, p.workload_class),
    coalesce(s.confidence, p.confidence),
    printf('%s fleet %s, %s: ', p.accelerator_type,
           coalesce(nullif(p.fleet_tag, ''), '(no auto scaling or node group tag)'),
           p.granularity)
    || CASE
        WHEN s.is_job THEN printf(
            'a job: %d instance(s) started together at %s and ran %.1f days, flat, then stopped',
            s.together, strftime(x.context_start + to_seconds(s.run_start * s.bs), '%Y-%m-%d %H:%M'),
            s.run_length * s.bs / 86400)
        ELSE printf(
            'its base (%.0f instance-hours here; jobs %.0f) ran from %s%s to %s%s, duty cycle %.2f, CV %.2f, breathing %.2f',
            coalesce(p.base_instance_hours, 0), coalesce(p.job_instance_hours, 0),
            strftime(p.base_start, '%Y-%m-%d %H:%M'),
            CASE WHEN p.base_open_start THEN ' (already running)' ELSE '' END,
            strftime(p.base_end, '%Y-%m-%d %H:%M'),
            CASE WHEN p.base_open_end THEN ' (still running)' ELSE '' END,
            coalesce(s.base_duty, 0), coalesce(s.base_cv, 0), coalesce(p.breathing, 0))
       END
    || CASE WHEN s.rule_id = 'gpu-pattern-accelerator-prior' THEN printf(
            '; the pattern said %s (%s), but %s is purpose-built %s silicon, and only a daily cycle or autoscaling over 14 days or more overrules that',
            s.series_class, s.series_rule, p.accelerator_type, s.prior) ELSE '' END
    || coalesce('; ' || coalesce(s.confidence, p.confidence) || ' confidence: '
                || coalesce(s.confidence_reason, p.confidence_reason), '')
FROM keyed AS k
JOIN gpu_fleet_profile AS p USING (fleet_id)
JOIN fleet_context AS x USING (fleet_id)
LEFT JOIN gpu_pattern AS s ON s.fleet_id = k.fleet_id AND s.series = k.series
