-- metric: Load history
-- definition: every load into this database, newest first: when, which files (with their sha256), rows per table after it, and the warnings it counted
-- grain: one row per load
-- params: none
with runs as (
    select run_id, started_at, finished_at, status, inputs, counts, warnings
    from load_runs
),

warning_totals as (
    select run_id, coalesce(sum(cast(w.count as bigint)), 0) as warning_count
    from runs, unnest(from_json(warnings, '[{"code": "varchar", "count": "bigint", "example": "varchar"}]')) as t(w)
    group by run_id
)

select r.run_id, r.started_at, r.finished_at,
       round(epoch(r.finished_at) - epoch(r.started_at), 2) as seconds,
       r.status, coalesce(w.warning_count, 0) as warning_count,
       r.inputs, r.counts, r.warnings
from runs r
left join warning_totals w using (run_id)
order by r.run_id desc
