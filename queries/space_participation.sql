-- metric: Participation by space
-- definition: per space (group, channel, category), in the period: posts (posts and replies written),
--   posters, engaged people (posted or reacted there) and the distinct departments of those engaged
--   people, with the space's kind: work, or affinity for hobby groups (running, knitting...), which the
--   article sees as a way into the community. Spaces not classified count as work. Posts in threads with
--   no known space are shown as "(no space)". Deleted posts and bots are ignored; reactions come from the
--   interactions table. Filters: $department and $site select people by their own department and site;
--   $space keeps that space only.
-- grain: one row per space with activity in the period
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only this space (space_id); null = all
-- group_size: engaged_people
-- group_keys: space_id, space, kind
with scoped_people as (
    select person_id, department
    from people_in_scope($department, $site)
),

-- The period is read either as all time (space_engagement) minus the activity of the days outside
-- it, or from its own days, whichever spans fewer days: the dashboard's default period, the data's
-- coverage, then costs almost nothing.
span as (
    select min(day) as first_day, max(day) + 1 as after_day
    from activity_days
),

plan as (
    select least(coalesce($end, after_day), after_day) - greatest(coalesce($start, first_day), first_day)
           >= (after_day - first_day) / 2 as complement
    from span
),

-- two ranges rather than one "or", so that the scan skips what lies inside the period
outside_days as (
    select space_id, person_id, posts, reactions from activity_days where day < $start
    union all
    select space_id, person_id, posts, reactions from activity_days where day >= $end
),

outside as (
    select a.space_id, a.person_id, count(*) as active_days,
           count(*) filter (where a.posts > 0) as post_days, sum(a.posts)::bigint as posts
    from outside_days a
    join plan p on p.complement
    where (a.posts > 0 or a.reactions > 0)
      and ($space is null or a.space_id = $space)
    group by a.space_id, a.person_id
),

-- per space and group: the posts outside the period, and the people whose every active (or posting)
-- day is outside it
corrections as (
    select o.space_id, p.department, p.site, sum(o.posts)::bigint as posts,
           count(*) filter (where o.post_days = t.post_days and t.post_days > 0) as posters,
           count(*) filter (where o.active_days = t.active_days) as engaged_people
    from outside o
    join space_people t on t.space_id is not distinct from o.space_id and t.person_id = o.person_id
    join people p on p.person_id = o.person_id
    group by o.space_id, p.department, p.site
),

complement_groups as (
    select e.space_id, e.department,
           e.posts - coalesce(c.posts, 0) as posts,
           e.posters - coalesce(c.posters, 0) as posters,
           e.engaged_people - coalesce(c.engaged_people, 0) as engaged_people
    from space_engagement e
    join plan p on p.complement
    left join corrections c
           on c.space_id is not distinct from e.space_id
          and c.department is not distinct from e.department
          and c.site is not distinct from e.site
    where ($department is null or e.department = $department)
      and ($site is null or e.site = $site)
      and ($space is null or e.space_id = $space)
),

complement_totals as (
    select space_id, sum(posts)::bigint as posts, sum(posters)::bigint as posters,
           sum(engaged_people)::bigint as engaged_people,
           count(distinct department) filter (where engaged_people > 0) as departments
    from complement_groups
    group by space_id
    having sum(engaged_people) > 0
),

engaged as (
    select a.space_id, a.person_id, sum(a.posts)::bigint as posts
    from activity_days a
    join plan p on not p.complement
    where (a.posts > 0 or a.reactions > 0)
      and a.person_id in (select person_id from scoped_people)
      and ($space is null or a.space_id = $space)
      and ($start is null or a.day >= $start)
      and ($end is null or a.day < $end)
    group by a.space_id, a.person_id
),

direct_totals as (
    select e.space_id, sum(e.posts)::bigint as posts, count(*) filter (where e.posts > 0) as posters,
           count(*) as engaged_people, count(distinct s.department) as departments
    from engaged e
    join scoped_people s using (person_id)
    group by e.space_id
),

by_space as (
    select * from complement_totals
    union all
    select * from direct_totals
)

select b.space_id, coalesce(s.name, b.space_id, '(no space)') as space, coalesce(s.kind, 'work') as kind,
       b.posts, b.posters, b.engaged_people, b.departments
from by_space b
left join spaces s using (space_id)
order by b.posts desc, space
