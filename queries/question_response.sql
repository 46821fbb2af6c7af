-- metric: Question response
-- definition: per month a question was asked (UTC): questions, answered, unanswered, answered within 24 h
--   (first response at most 24 hours after the question, 24 h itself included) and its share of all
--   questions, and the median and 90th percentile of hours to first response over answered questions
--   (interpolated; the mean alone is never shown, one slow answer would distort it). A question is a
--   thread the source marks as one, or whose opening post (its earliest) contains '?'; it is asked by
--   that post's author at that post's time, and a thread whose opening post was deleted is left out.
--   Time to first response = the first post in the thread by someone other than the asker, minus the
--   question's time; the asker's own follow-ups, bots and deleted posts do not count, nor posts on or
--   after $end. Filters: $department and $site select questions by the asker's department and site;
--   $space selects questions in that space.
-- grain: one row per month with questions
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only questions asked by people of this department; null = all
--   $site text = null: only questions asked by people of this site; null = all
--   $space text = null: only questions in this space (space_id); null = all
-- group_size: askers
-- group_keys: month
with -- the questions asked in the period by people of $department and $site, in $space, with
-- responded_at = their first response before $end (etl/macros.sql)
questions as (
    select asker_id, asked_at, responded_at
    from period_questions($start, $end, $department, $site, $space)
),

timed as (
    select *, epoch(responded_at - asked_at) / 3600 as hours_to_first_response
    from questions
),

monthly as (
    select date_trunc('month', asked_at)::date as month,
           count(*) as questions,
           count(responded_at) as answered,
           count(*) filter (where hours_to_first_response <= 24) as answered_within_24h,
           quantile_cont(hours_to_first_response, 0.5) as median_hours_to_first_response,
           quantile_cont(hours_to_first_response, 0.9) as p90_hours_to_first_response,
           count(distinct asker_id) as askers
    from timed
    group by month
)

select month, questions, answered, questions - answered as unanswered, answered_within_24h,
       answered_within_24h / questions as share_within_24h,
       median_hours_to_first_response, p90_hours_to_first_response, askers
from monthly
order by month
