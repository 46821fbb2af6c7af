-- metric: Questions still unanswered after t hours
-- definition: for t = 1, 2, 4, 8, 12, 24, 48, 72, 168 (a week), 336 and 720 hours: of the questions asked in
--   the period that are at least t hours old at $end (or at the latest post), the share with no response
--   within t hours (a response exactly t hours after counts as within). Younger questions are left out
--   at that t rather than counted as unanswered, so recent questions do not inflate the curve. A question
--   is a thread the source marks as one, or whose opening post (its earliest) contains '?'; the first
--   response is the first post by someone other than the asker (bots and deleted posts excluded).
--   Filters: $department and $site select questions by the asker's department and site; $space selects
--   questions in that space.
-- grain: one row per horizon t (hours)
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only questions asked by people of this department; null = all
--   $site text = null: only questions asked by people of this site; null = all
--   $space text = null: only questions in this space (space_id); null = all
with -- the questions asked in the period by people of $department and $site, in $space, with
-- responded_at = their first response before $end (etl/macros.sql)
questions as (
    select asked_at, responded_at
    from period_questions($start, $end, $department, $site, $space)
),

-- the latest post (deleted ones and bots' included) in the selected spaces, when $end is null
reference as (
    select "at"
    from reference_time($end, $space)
),

aged as (
    select epoch(q.responded_at - q.asked_at) / 3600 as hours_to_first_response,
           epoch(r.at - q.asked_at) / 3600 as age_hours
    from questions q
    cross join reference r
),

horizons as (
    select unnest([1, 2, 4, 8, 12, 24, 48, 72, 168, 336, 720]) as hours
)

select h.hours,
       count(a.age_hours) as questions,
       count(a.age_hours) filter (
           where a.hours_to_first_response is null or a.hours_to_first_response > h.hours
       ) as still_unanswered,
       count(a.age_hours) filter (
           where a.hours_to_first_response is null or a.hours_to_first_response > h.hours
       ) / nullif(count(a.age_hours), 0) as still_unanswered_share
from horizons h
left join aged a on a.age_hours >= h.hours
group by h.hours
order by h.hours
