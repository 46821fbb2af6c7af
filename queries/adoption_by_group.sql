-- metric: Adoption by group
-- definition: adoption rate = engaged people / headcount, per department, site or job level. Headcount is
--   the people of the HR directory (in_directory, bots excluded) as it stands today; engaged = wrote a post
--   or reply, or reacted to a post, in the period (exports rarely record reads, so this is engagement, not
--   reading). Only directory people count in the numerator, so the rate never exceeds 1. Reactions come
--   from the interactions table (a reaction to one's own post is not counted). Deleted posts are ignored.
--   Filters: $department and $site select people by their own department and site; $space counts only
--   posts and reactions in that space. With $by_month, one row per calendar month (UTC) and group, for the
--   heatmap of adoption by department and month; the headcount is then the same in every month.
-- grain: one row per group value (per month and group value with $by_month)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only posts and reactions in this space (space_id); null = all
--   $group text = department: department, site or job_level
--   $by_month bool = false: one row per month and group value instead of one per group value
-- group_size: headcount
-- group_keys: month, group_value
with directory as (
    select person_id,
           coalesce(case $group
                        when 'department' then department
                        when 'site' then site
                        when 'job_level' then job_level
                        else error('$group must be department, site or job_level')
                    end, '(unknown)') as group_value
    from people_in_scope($department, $site)
    where in_directory
),

-- the period's activity per person and month (etl/macros.sql: whole months from person_months, the
-- days at the period's edges from person_days; with $space, that space's days)
activity as (
    select person_id, month, posts, replies, reactions, last_post_at
    from period_activity($start, $end, $space)
),

engaged as (
    select distinct person_id, case when $by_month then month end as month
    from activity
    where (posts > 0 or reactions > 0)
      and person_id in (select person_id from directory)
),

headcounts as (
    select group_value, count(*) as headcount
    from directory
    group by group_value
),

engaged_counts as (
    select e.month, d.group_value, count(*) as engaged_people
    from engaged e
    join directory d using (person_id)
    group by e.month, d.group_value
),

months as (
    select null::date as month where not $by_month
    union
    select distinct month from engaged where $by_month
)

select m.month, h.group_value, h.headcount,
       coalesce(e.engaged_people, 0) as engaged_people,
       coalesce(e.engaged_people, 0) / h.headcount as adoption_rate
from headcounts h
cross join months m
left join engaged_counts e on e.group_value = h.group_value and e.month is not distinct from m.month
order by m.month nulls first, adoption_rate desc, h.group_value
