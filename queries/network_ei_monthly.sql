-- metric: E-I index over time
-- definition: Krackhardt's E-I index, (E - I) / (E + I), at each month-end over the trailing network window (network_window_days, default 90): for the whole network (each tie counted once; external = its two people are in different departments, or sites with $grouping = site), or for one department or site when it is named (its members' ties). A tie is a pair of people with at least one reply or mention between them in the window; ties with someone of unknown department (site) are left out. expected_ei = the E-I index of the tie counts expected if the labels were shuffled among the same people, the ties kept (exact, no sampling): for the whole network 1 - 2 * sum n (n - 1) / (N (N - 1)) over the groups' sizes n among the N people with a tie counted; for one group (2 - 3q) / (2 - q) with q = (n - 1) / (N - 1). The value random mixing would give.
-- grain: one row per month-end
-- params:
--   $start date = null: first month-end counted (inclusive); null = since the beginning
--   $end date = null: first month-end not counted (exclusive); null = up to the latest
--   $grouping text = department: department or site: which boundary makes a tie external
--   $department text = null: with $grouping = department, this department's ties; null = the whole network
--   $site text = null: with $grouping = site, this site's ties; null = the whole network
-- group_size: members
-- group_keys: month, month_end
with chosen as (
    select case when $grouping = 'site' then $site else $department end as group_value
)

select cast(date_trunc('month', e.month_end) as date) as month, e.month_end, e.ties,
       e.internal_ties, e.external_ties, e.ei_index, e.expected_ei, e.members
from network_ei e, chosen c
where e.grouping = coalesce($grouping, 'department')
  and e.group_value is not distinct from c.group_value
  and ($start is null or e.month_end >= $start)
  and ($end is null or e.month_end < $end)
order by e.month_end
