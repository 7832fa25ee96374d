-- Add (or refresh) the new class keys, with their accelerator type where they are GPU/accelerator compute:
--   AWS GPU / Trainium / Gaudi / FPGA instance families (Inferentia is a service signal),
--   Azure N-series (NC, ND, NV, NG) virtual machines, GCP accelerator machines and GPUs.
INSERT OR REPLACE INTO class_keys BY NAME
WITH typed AS (
    SELECT *,
           -- AWS FOCUS exports without x_InstanceType / x_UsageType still name the instance
           -- type in the description: "$1.624 per On Demand Linux g5.4xlarge Instance Hour".
           lower(coalesce(x_InstanceType,
                 regexp_extract(x_UsageType, ':([A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1),
                 CASE WHEN ProviderName = 'AWS' THEN regexp_extract(ChargeDescription,
                     ' ([a-z][a-z0-9-]*\.[a-z0-9-]+) (reserved |Spot |Dedicated )?(?i:instance)',
                     1) END, '')) AS itype
    FROM new_keys
)
SELECT
    * EXCLUDE (itype),
    CASE
        WHEN ChargeCategory <> 'Usage' THEN NULL
        WHEN regexp_matches(itype, '^(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.')
            THEN itype
        WHEN regexp_matches(coalesce(SkuMeter, ''), '^N[CDVG][0-9]')
            THEN SkuMeter
        WHEN regexp_matches(coalesce(ChargeDescription, ''), 'Virtual Machines N[CDVG]')
            THEN regexp_extract(ChargeDescription, 'Virtual Machines (N[CDVG][A-Za-z0-9]*)', 1)
        WHEN regexp_matches(lower(coalesce(SkuMeter, ChargeDescription, '')),
                            'nvidia|\bgpu\b|\b(a2|a3|g2) (instance|highgpu|ultragpu)')
            THEN coalesce(SkuMeter, ChargeDescription)
    END AS accelerator_type
FROM typed
