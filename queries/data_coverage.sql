-- metric: Period covered
-- definition: the first and last day (UTC) of the dated rows of each table: live posts (deleted
-- ones excluded), threads, reactions with a time, attendances and interactions
-- grain: one row per dated table
-- params: none
with dated as (
    select 'threads' as table_name, 2 as position, min(created_at) as first_at, max(created_at) as last_at,
           count(created_at) as dated_rows
    from threads
    union all
    select 'reactions', 3, min(created_at), max(created_at), count(created_at) from reactions
    union all
    select 'interactions', 5, min("at"), max("at"), count("at") from interactions
),

-- Converted to UTC days after aggregating: two conversions per table instead of one per row.
days as (
    select table_name, position, cast(timezone('UTC', first_at) as date) as first_day,
           cast(timezone('UTC', last_at) as date) as last_day, dated_rows
    from dated
    union all
    -- live posts from post_spans (etl/activity.py), whose times are already UTC wall clock
    select 'posts', 1, cast(min(first_live_at) as date), cast(max(last_live_at) as date),
           cast(coalesce(sum(live_posts), 0) as bigint)
    from post_spans
    union all
    select 'attendance', 4, min(attended_on), max(attended_on), count(attended_on) from attendance
)

select table_name, first_day, last_day, dated_rows
from days
order by position
