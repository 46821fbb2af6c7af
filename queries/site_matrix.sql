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
select from_unit as from_site, to_unit as to_site, interactions, row_share, people
from interaction_matrix('site', $start, $end, $department, $site, $space, $include_reactions)  -- etl/macros.sql
order by from_site, to_site
