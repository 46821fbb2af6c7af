-- metric: One person's activity over time
-- definition: for the person named, month by month: posts written (replies among them), the distinct people they replied to (people helped) and those people's departments, the replies, mentions and reactions they received, the distinct people and departments who reached them (replied, mentioned or reacted), and their influence rank and PageRank at the month-end (over the trailing network window; see influence_ranking). Deleted posts and bots are left out.
-- grain: one row per month with any activity or rank of the person
-- params:
--   $person_id text = null: the person (person_id); null = nobody (no rows)
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $space text = null: only activity in this space (space_id); null = all (ranks always span all spaces)

-- posts and replies from the activity tables (etl/activity.py), not from posts: a page never scans
-- raw posts
with written as (
    select cast(date_trunc('month', day) as date) as month, cast(sum(posts) as bigint) as posts,
           cast(sum(replies) as bigint) as replies
    from activity_days
    where person_id = $person_id and posts > 0
      and ($space is null or space_id = $space)
    group by all
),

acts as (
    select cast(date_trunc('month', timezone('UTC', i."at")) as date) as month, i.*
    from interactions i
    where $person_id in (i.actor_id, i.target_id)
      and ($space is null or i.space_id = $space)
),

given as (
    select month, count(distinct target_id) as people_helped,
           count(distinct target_department) as departments_helped
    from acts where actor_id = $person_id and kind = 'reply'
    group by month
),

got as (
    select month,
           count(*) filter (where kind = 'reply') as replies_received,
           count(*) filter (where kind = 'mention') as mentions_received,
           count(*) filter (where kind = 'reaction') as reactions_received,
           count(distinct actor_id) as people_reaching,
           count(distinct actor_department) as departments_reaching
    from acts where target_id = $person_id
    group by month
),

ranks as (
    select cast(date_trunc('month', month_end) as date) as month, rank, pagerank
    from network_snapshots
    where person_id = $person_id
),

months as (
    select month from written
    union select month from given
    union select month from got
    union select month from ranks
)

select m.month, coalesce(w.posts, 0) as posts, coalesce(w.replies, 0) as replies,
       coalesce(g.people_helped, 0) as people_helped,
       coalesce(g.departments_helped, 0) as departments_helped,
       coalesce(r.replies_received, 0) as replies_received,
       coalesce(r.mentions_received, 0) as mentions_received,
       coalesce(r.reactions_received, 0) as reactions_received,
       coalesce(r.people_reaching, 0) as people_reaching,
       coalesce(r.departments_reaching, 0) as departments_reaching,
       k.rank, k.pagerank
from months m
left join written w using (month)
left join given g using (month)
left join got r using (month)
left join ranks k using (month)
where ($start is null or m.month >= date_trunc('month', cast($start as date)))
  and ($end is null or m.month < $end)
order by m.month
