-- Add (or refresh) the new class keys, with their accelerator type where they are GPU/accelerator compute:
--   AWS GPU / Trainium / Gaudi / FPGA instance families (Inferentia is a service signal),
--   Azure N-series (NC, ND, NV, NG) virtual machines, Google Cloud TPUs, GPUs and the host cores
--   and memory of its accelerator-optimised machines (A2, A3, A4, G2, G4).
-- Google bills one accelerator VM as several SKUs (GPU, cores, memory) whose descriptions also
-- name the region and the purchase option; they are reduced to a stable lowercase family
-- (docs/classification.md lists them): nvidia-h100-80gb, a3, a2-ultra, tpu-v5e, tpu-v5p, ...
-- TPU SKU descriptions spell the generation several ways (TpuV5e, Tpu-v4, TPU v5 lite, TPU7x,
-- Reserved V5e TPU); GKE names it in the machine type (ct5lp-hightpu-4t is v5e).
INSERT OR REPLACE INTO class_keys BY NAME
WITH typed AS (
    SELECT *,
           -- AWS FOCUS exports without x_InstanceType / x_UsageType still name the instance
           -- type in the description: "$1.624 per On Demand Linux g5.4xlarge Instance Hour".
           lower(coalesce(x_InstanceType,
                 regexp_extract(x_UsageType, ':([A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1),
                 CASE WHEN ProviderName = 'AWS' THEN regexp_extract(ChargeDescription,
                     ' ([a-z][a-z0-9-]*\.[a-z0-9-]+) (reserved |Spot |Dedicated )?(?i:instance)',
                     1) END, '')) AS itype,
           lower(coalesce(SkuMeter, ChargeDescription, '')) AS sku_text
    FROM new_keys
), tpu AS (
    SELECT *,
           CASE
               WHEN regexp_matches(sku_text, '\btpu ?7x|\bironwood\b')
                    OR starts_with(itype, 'tpu7x-') THEN '7x'
               WHEN regexp_matches(sku_text, '\btrillium\b') OR starts_with(itype, 'ct6e-')
                   THEN '6e'
               WHEN regexp_matches(sku_text, '\bv5 ?lite') OR regexp_matches(itype, '^ct5lp?-')
                   THEN '5e'
               WHEN starts_with(itype, 'ct5p-') THEN '5p'
               WHEN starts_with(itype, 'ct4p-') THEN '4'
               WHEN regexp_matches(itype, '^ct3p?-') THEN '3'
               -- "TpuV5e", "Tpu-v4", "TPU v6e", and "Reserved V5e TPU"
               ELSE coalesce(nullif(regexp_extract(sku_text, '\btpu[- ]?v([0-9]+[a-z]?)\b', 1), ''),
                             nullif(regexp_extract(sku_text, '\bv([0-9]+[a-z]?) tpu\b', 1), ''))
           END AS tpu_version,
           regexp_matches(sku_text, '\btpu|\btrillium\b|\bironwood\b')
               OR regexp_matches(itype, '^(ct[3-6][a-z]*-[a-z]*tpu|ct6e-|tpu7x-)')
               AS is_tpu
    FROM typed
)
SELECT
    * EXCLUDE (itype, sku_text, tpu_version, is_tpu),
    CASE
        WHEN ChargeCategory <> 'Usage' THEN NULL
        WHEN regexp_matches(itype, '^(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.')
            THEN itype
        WHEN regexp_matches(coalesce(SkuMeter, ''), '^N[CDVG][0-9]')
            THEN SkuMeter
        WHEN regexp_matches(coalesce(ChargeDescription, ''), 'Virtual Machines N[CDVG]')
            THEN regexp_extract(ChargeDescription, 'Virtual Machines (N[CDVG][A-Za-z0-9]*)', 1)
        -- a bare "TPU v5" is v5p and "TPU v6 lite" v6e (the device names JAX reports)
        WHEN is_tpu THEN CASE
            WHEN tpu_version IS NULL THEN 'tpu'
            WHEN tpu_version = '7x' THEN 'tpu-7x'
            WHEN tpu_version = '5' THEN 'tpu-v5p'
            WHEN tpu_version = '6' THEN 'tpu-v6e'
            ELSE 'tpu-v' || tpu_version
        END
        -- "Nvidia Tesla A100 80GB GPU running in Americas", "Commitment v1: Nvidia L4 GPU ..."
        WHEN regexp_matches(sku_text, '\bnvidia (?:[a-z0-9]+ )*?[a-z0-9]+ gpu\b')
            THEN 'nvidia-' || replace(
                regexp_extract(sku_text, '\bnvidia ((?:[a-z0-9]+ )*?[a-z0-9]+) gpu\b', 1), ' ', '-')
        -- "A3 Instance Core running in Americas", "Spot Preemptible A2 Instance Ram ...",
        -- "DWS Defined Duration A3 Core ...", "Commitment v1: A2 Cpu ...", "A2 Ultra Instance Core"
        WHEN regexp_matches(sku_text,
                 '\b(?:a2|a3|a4x|a4|g2|g4)(?: ultra| mega| high| edge| plus)? (?:predefined |instance )*(?:core|ram|cpu)\b')
            THEN replace(regexp_extract(sku_text,
                 '\b((?:a2|a3|a4x|a4|g2|g4)(?: ultra| mega| high| edge| plus)?) (?:predefined |instance )*(?:core|ram|cpu)\b',
                 1), ' ', '-')
        WHEN regexp_matches(sku_text, 'nvidia|\bgpu\b|\b(a2|a3|g2) (instance|highgpu|ultragpu)')
            THEN coalesce(SkuMeter, ChargeDescription)
    END AS accelerator_type
FROM tpu
