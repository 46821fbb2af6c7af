-- metric: Reply audience
-- definition: people ranked by how many distinct people replied to their posts in the period
-- (their audience), with the replies they received; bots excluded. Department and site select
-- the person replied to; space, where the replies were written.
-- grain: one row per person who received at least one reply, widest audience first, at most $limit rows
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the end
--   $department text = null: only people of this department; null = all
--   $site text = null: only people of this site; null = all
--   $space text = null: only replies in this space (space_id); null = all
--   $limit int = 20: how many people to list
with replies as (
    select actor_id, target_id
    from interactions
    where kind = 'reply'
      and (cast($start as date) is null or cast(timezone('UTC', "at") as date) >= $start)
      and (cast($end as date) is null or cast(timezone('UTC', "at") as date) < $end)
      and (cast($space as text) is null or space_id = $space)
),

audience as (
    select target_id as person_id, count(distinct actor_id) as repliers, count(*) as replies
    from replies
    group by target_id
)

select p.display_name, p.department, p.site, p.job_level, a.repliers, a.replies, p.person_id
from audience a
join people p on p.person_id = a.person_id
where (cast($department as text) is null or p.department = $department)
  and (cast($site as text) is null or p.site = $site)
order by a.repliers desc, a.replies desc, p.display_name
limit $limit
