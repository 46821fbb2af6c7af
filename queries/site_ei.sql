-- metric: E-I index per site
-- definition: Krackhardt's E-I index of each site's ties, (E - I) / (E + I), over the trailing network window (network_window_days, default 90) ending at the month-end. A tie is a pair of people with at least one reply or mention between them in the window; internal_ties join two members, external_ties join a member to someone of another site (ties with someone of unknown site are left out). members = people of the site with at least one tie counted. expected_ei = the E-I index of the tie counts expected if site labels were shuffled among the same people, the ties kept: (2 - 3q) / (2 - q) with q = (members - 1) / (N - 1), N = the people with a tie counted (exact, no sampling). Below expected = more inward-looking than chance.
-- grain: one row per site with at least one tie in the window
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $site text = null: only this site; null = all
-- group_size: members
-- group_keys: site
select e.group_value as site, e.members, e.internal_ties, e.external_ties,
       e.ei_index, e.expected_ei, e.ties, e.month_end
from ei_snapshot($month_end, 'site', $site) e  -- etl/macros.sql
order by e.ei_index desc, site
