-- metric: Ties of a department's people
-- definition: the tie graph drawn person by person around one department, for the network picture's people view: every tie with a member of $department at one end or both, weighted by the replies and mentions between its two people in the period. A tie is a pair of people with at least one reply or mention between them in the period. People with no known department show as "(unknown)". crossing = the two people's departments differ (decided here, as the dashboard may then show small departments under one name). The strongest $top ties are kept so that the picture stays readable.
-- grain: one row per tie (person_a < person_b), strongest first
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the latest
--   $department text = null: only ties with someone of this department at either end; null = all
--   $site text = null: only ties with someone of this site at either end; null = all
--   $space text = null: only interactions in this space (space_id); null = all
--   $top int = 400: how many ties to keep, strongest first; null = all
with -- the period's replies and mentions (etl/macros.sql)
acts as (
    select least(actor_id, target_id) as person_a, greatest(actor_id, target_id) as person_b
    from tie_interactions($start, $end, $department, $site, $space)
),

weighted as (
    select person_a, person_b, count(*) as interactions
    from acts
    group by person_a, person_b
)

select w.person_a, a.display_name as name_a, coalesce(a.department, '(unknown)') as department_a,
       w.person_b, b.display_name as name_b, coalesce(b.department, '(unknown)') as department_b,
       coalesce(a.department, '(unknown)') <> coalesce(b.department, '(unknown)') as crossing,
       w.interactions
from weighted w
join people a on a.person_id = w.person_a
join people b on b.person_id = w.person_b
order by w.interactions desc, w.person_a, w.person_b
limit coalesce($top, 1000000000)
