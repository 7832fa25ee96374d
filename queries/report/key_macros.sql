-- TEMP MACROs the per-key queries share (key_attributes.sql, model_heads_ups.sql).
-- bill_model: the model a line item bills, by the inference_by_model view's rule: x_Model, else
-- the model named by a Bedrock usage type (USE1-NovaPro-input-tokens), a Marketplace product
-- ("Claude 3 Haiku (Amazon Bedrock Edition)") or an Azure OpenAI meter (gpt-4o-0806-Inp-glbl
-- Tokens). Each regular expression runs only on the rows its service could name a model in.
CREATE OR REPLACE TEMP MACRO bill_model(x_model, product_code, usage_type, service, meter) AS
    coalesce(
        x_model,
        CASE WHEN product_code LIKE 'AmazonBedrock%' THEN nullif(regexp_extract(usage_type,
            '^[A-Za-z0-9]+-(.+?)-(input-tokens|output-tokens|cache-read|cache-write|ProvisionedThroughput|ModelUnits)',
            1), '') END,
        CASE WHEN service LIKE '% (Amazon Bedrock Edition)'
             THEN nullif(regexp_extract(service, '^(.+) \(Amazon Bedrock Edition\)$', 1), '') END,
        CASE WHEN service = 'Azure OpenAI' THEN nullif(regexp_extract(meter,
            '^(.+?)[- ](Inp|Input|Outp|Output|cchd|Cached)', 1), '') END
    );
-- accelerated_type: the accelerated instance type of a key: the classifier's accelerator
-- (class_keys.accelerator_type: AWS GPU, Trainium, Gaudi and FPGA families, Azure N-series,
-- Google GPUs and TPUs), else an Inferentia or SageMaker accelerated instance named by the
-- instance type or the usage type (inf2.xlarge, ml.g5.2xlarge, USE1-Host:ml.p4d.24xlarge).
CREATE OR REPLACE TEMP MACRO accelerated_type(accelerator, instance_type, usage_type) AS
    coalesce(accelerator, CASE
        WHEN instance_type LIKE 'inf%' OR instance_type LIKE 'ml.%'
             OR usage_type LIKE '%:inf%' OR usage_type LIKE '%:ml.%'
        THEN nullif(regexp_extract(lower(coalesce(instance_type, regexp_extract(usage_type,
                 ':((?:ml\.)?[A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1))),
                 '^((?:ml\.)?(?:p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|inf[12][a-z0-9-]*|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.[a-z0-9-]+)$',
                 1), '') END);
-- instance_family: p4d.24xlarge -> p4d, ml.g5.2xlarge -> ml.g5; a type without a size (an
-- Azure meter, a Google accelerator) is its own family.
CREATE OR REPLACE TEMP MACRO instance_family(instance_type) AS
    CASE WHEN regexp_matches(instance_type, '^(ml\.)?[a-z0-9-]+\.[a-z0-9-]+$')
         THEN regexp_extract(instance_type, '^((?:ml\.)?[a-z0-9-]+)\.', 1)
         ELSE instance_type END
