-- metric: Whom a person helps
-- definition: the people the named person replied to in the period (a reply to someone's post counts as helping them), with the replies addressed to each and the day of the last one. Deleted posts, bots and replies to oneself are left out (see interactions).
-- grain: one row per person helped, most replies first
-- params:
--   $person_id text = null: the person (person_id); null = nobody (no rows)
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $space text = null: only replies in this space (space_id); null = all
with replies as (
    select target_id, "at"
    from period_interactions($start, $end, null, null, $space)  -- etl/macros.sql
    where actor_id = $person_id
      and kind = 'reply'
),

helped as (
    select target_id as person_id, count(*) as replies,
           cast(max(timezone('UTC', "at")) as date) as last_reply_on
    from replies
    group by target_id
)

select h.person_id, p.display_name, p.department, p.site, p.job_level, h.replies, h.last_reply_on
from helped h
join people p using (person_id)
order by h.replies desc, h.last_reply_on desc, h.person_id
