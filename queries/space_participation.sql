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
    from people
    where not is_bot
      and ($department is null or department = $department)
      and ($site is null or site = $site)
),

-- make_timestamp(epoch_us(...)) reads the UTC wall clock whatever the session time zone
posted as (
    select t.space_id, p.author_id as person_id, count(*) as posts
    from posts p
    left join threads t using (thread_id)
    where p.deleted_at is null
      and p.author_id in (select person_id from scoped_people)
      and ($space is null or t.space_id = $space)
      and ($start is null or make_timestamp(epoch_us(p.created_at)) >= $start)
      and ($end is null or make_timestamp(epoch_us(p.created_at)) < $end)
    group by t.space_id, p.author_id
),

reacted as (
    select distinct space_id, actor_id as person_id
    from interactions
    where kind = 'reaction'
      and actor_id in (select person_id from scoped_people)
      and ($space is null or space_id = $space)
      and ($start is null or make_timestamp(epoch_us("at")) >= $start)
      and ($end is null or make_timestamp(epoch_us("at")) < $end)
),

engaged as (
    select space_id, person_id, coalesce(p.posts, 0) as posts
    from posted p
    full join reacted r using (space_id, person_id)
),

by_space as (
    select e.space_id, sum(e.posts)::bigint as posts, count(*) filter (where e.posts > 0) as posters,
           count(*) as engaged_people, count(distinct s.department) as departments
    from engaged e
    join scoped_people s using (person_id)
    group by e.space_id
)

select b.space_id, coalesce(s.name, b.space_id, '(no space)') as space, coalesce(s.kind, 'work') as kind,
       b.posts, b.posters, b.engaged_people, b.departments
from by_space b
left join spaces s using (space_id)
order by b.posts desc, space
