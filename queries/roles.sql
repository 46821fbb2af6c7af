-- metric: Roles: give versus receive
-- definition: each person's balance of giving and receiving in the period. given = posts written (new threads and replies) + reactions made to others; received = replies + reactions received from others; responses = replies written + reactions made. Thresholds: observer when given + received < $min_activity (default 5); otherwise catalyst when received > 2 x given (their posts draw others in); responder when given > 2 x received and responses >= half of given (mostly answers others); broadcaster when given > 2 x received and responses < half of given (mostly new posts that draw little back); engager otherwise (gives and receives within a factor of 2). Deleted posts and bots are left out.
-- grain: one row per person (not bots), observers included
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only activity in this space (space_id); null = all
--   $min_activity int = 5: given + received below this makes an observer

-- posts and replies from the activity tables (etl/activity.py), not from posts: a page never scans
-- raw posts
with written as (
    select person_id, cast(sum(posts) as bigint) as posts, cast(sum(replies) as bigint) as replies
    from period_activity($start, $end, $space)
    group by person_id
),

acts as (
    select actor_id, target_id, kind
    from period_interactions($start, $end, null, null, $space)  -- etl/macros.sql
    where kind in ('reply', 'reaction')
),

made as (
    select actor_id as person_id, count(*) as reactions_made
    from acts where kind = 'reaction' group by actor_id
),

got as (
    select target_id as person_id,
           count(*) filter (where kind = 'reply') as replies_received,
           count(*) filter (where kind = 'reaction') as reactions_received
    from acts group by target_id
),

balance as (
    select p.person_id, p.display_name, p.department, p.site,
           coalesce(w.posts, 0) as posts, coalesce(w.replies, 0) as replies,
           coalesce(m.reactions_made, 0) as reactions_made,
           coalesce(g.replies_received, 0) as replies_received,
           coalesce(g.reactions_received, 0) as reactions_received
    from people p
    left join written w using (person_id)
    left join made m using (person_id)
    left join got g using (person_id)
    where not p.is_bot
      and ($department is null or p.department = $department)
      and ($site is null or p.site = $site)
),

totals as (
    select *, posts + reactions_made as given, replies_received + reactions_received as received,
           replies + reactions_made as responses
    from balance
)

select person_id, display_name,
       case when given + received < coalesce($min_activity, 5) then 'observer'
            when received > 2 * given then 'catalyst'
            when given > 2 * received and 2 * responses >= given then 'responder'
            when given > 2 * received then 'broadcaster'
            else 'engager' end as role,
       given, received, department, posts, replies, reactions_made, replies_received,
       reactions_received
from totals
order by given + received desc, person_id
