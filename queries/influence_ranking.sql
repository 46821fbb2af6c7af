-- metric: Influence ranking
-- definition: PageRank (alpha 0.85) at the month-end over the trailing network window (network_window_days, default 90), on the directed graph where an edge u -> v weighs the replies and mentions u addressed to v; rank 1 = highest, people of equal PageRank (to 12 decimals) sharing a rank (1, 2, 2, 4) and listed by person id, among everyone with at least one such edge. Beside it: audience = distinct people who replied or reacted to the person; reactions_from_distinct_people; accepted_answers = accepted answers the person wrote to other people's questions; departments_reached = departments other than their own among the people they have a reply or mention tie with. All over the same window.
-- grain: one row per ranked person, best first
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only people of this department (ranks stay company-wide); null = all
--   $site text = null: only people of this site (ranks stay company-wide); null = all
--   $top int = null: how many people to list; null = everyone
select month_end, person_id, display_name, department, job_level, pagerank, rank,
       audience, reactions_from_distinct_people, accepted_answers, departments_reached
from snapshot_people($month_end, $department, $site)  -- etl/macros.sql
where rank is not null
order by rank, person_id
limit coalesce($top, 1000000000)
