-- metric: Interactions between departments
-- definition: replies and mentions (and reactions, when asked) from people of one department to
-- people of another or the same one, in the period; people whose department is unknown are left
-- out. `actors` counts the distinct people who made them, `targets` those who received them.
-- Department and site keep the pairs with that department or site at either end; space, where
-- the interactions happened.
-- grain: one row per (from department, to department) pair with at least one interaction
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the end
--   $department text = null: only pairs with this department at one end; null = all
--   $site text = null: only interactions with someone of this site at one end; null = all
--   $space text = null: only interactions in this space (space_id); null = all
--   $include_reactions bool = false: also count reactions, a weaker signal
-- group_size: actors
-- group_keys: from_department, to_department
with kept as (
    select actor_id, target_id, actor_department, target_department
    from interactions
    where actor_department is not null and target_department is not null
      and (kind in ('reply', 'mention') or (kind = 'reaction' and $include_reactions))
      and (cast($start as date) is null or cast(timezone('UTC', "at") as date) >= $start)
      and (cast($end as date) is null or cast(timezone('UTC', "at") as date) < $end)
      and (cast($space as text) is null or space_id = $space)
      and (cast($department as text) is null or $department in (actor_department, target_department))
      and (cast($site as text) is null or $site in (actor_site, target_site))
)

select actor_department as from_department,
       target_department as to_department,
       count(*) as interactions,
       count(distinct actor_id) as actors,
       count(distinct target_id) as targets
from kept
group by actor_department, target_department
order by from_department, to_department
