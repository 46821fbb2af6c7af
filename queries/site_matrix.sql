-- metric: Site matrix
-- definition: interactions from people of one site to people of another in the period: replies and mentions, plus reactions when $include_reactions is true. row_share = the cell's share of its row (everything sent from that site). People with no known site are grouped as "(unknown)". A cell is suppressed when fewer than min_group_size people stand at either of its ends.
-- grain: one row per (from_site, to_site) pair with at least one interaction
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $department text = null: only interactions with someone of this department at either end; null = all
--   $site text = null: only interactions with someone of this site at either end; null = all
--   $space text = null: only interactions in this space (space_id); null = all
--   $include_reactions bool = false: count reactions as well as replies and mentions
-- group_size: people
-- group_keys: from_site, to_site
with acts as (
    select i.actor_id, i.target_id,
           coalesce(i.actor_site, '(unknown)') as from_site,
           coalesce(i.target_site, '(unknown)') as to_site
    from interactions i
    where (i.kind in ('reply', 'mention') or (coalesce($include_reactions, false) and i.kind = 'reaction'))
      and ($start is null or timezone('UTC', i."at") >= $start)
      and ($end is null or timezone('UTC', i."at") < $end)
      and ($department is null or $department in (i.actor_department, i.target_department))
      and ($site is null or $site in (i.actor_site, i.target_site))
      and ($space is null or i.space_id = $space)
),

cells as (
    select from_site, to_site, count(*) as interactions,
           least(count(distinct actor_id), count(distinct target_id)) as people
    from acts
    group by from_site, to_site
)

select from_site, to_site, interactions,
       interactions / sum(interactions) over (partition by from_site) as row_share,
       people
from cells
order by from_site, to_site
