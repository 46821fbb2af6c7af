-- metric: Warnings of the last load
-- definition: the recoverable oddities the most recent load counted (replies to missing messages,
-- unknown user ids...), each with how often it occurred and a first example
-- grain: one row per kind of warning
-- params: none
with last_run as (
    select run_id, warnings from load_runs order by run_id desc limit 1
),

items as (
    select run_id, unnest(from_json(warnings, '[{"code": "varchar", "count": "bigint", "example": "varchar"}]')) as w
    from last_run
)

select run_id, w.code as code, w.count as count, w.example as example
from items
order by count desc, code
