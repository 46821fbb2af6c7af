-- metric: Influence ranking
-- definition: PageRank (alpha 0.85) at the month-end over the trailing network window (network_window_days, default 90), on the directed graph where an edge u -> v weighs the replies and mentions u addressed to v; rank 1 = highest (ties broken by person id), among everyone with at least one such edge. Beside it: audience = distinct people who replied or reacted to the person; reactions_from_distinct_people; accepted_answers = accepted answers the person wrote to other people's questions; departments_reached = departments other than their own among the people they have a reply or mention tie with. All over the same window.
-- grain: one row per ranked person, best first
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department (ranks stay company-wide); null = all
--   $site text = null: only people of this site (ranks stay company-wide); null = all
--   $top int = null: how many people to list; null = everyone
with chosen as (
    select max(month_end) as month_end
    from network_snapshots
    where $month_end is null or month_end <= $month_end
)

select s.month_end, s.person_id, p.display_name, p.department, p.job_level, s.pagerank, s.rank,
       s.audience, s.reactions_from_distinct_people, s.accepted_answers, s.departments_reached
from network_snapshots s
join chosen c using (month_end)
join people p using (person_id)
where s.rank is not null
  and ($department is null or p.department = $department)
  and ($site is null or p.site = $site)
order by s.rank
limit coalesce($top, 1000000000)
