-- metric: Unanswered questions
-- definition: questions asked in the period that nobody but the asker has answered before $end (or, with
--   no $end, in the data), newest first, with their age in whole days at $end (or at the latest post).
--   A question is a thread the source marks as one, or whose opening post (its earliest) contains '?';
--   a thread whose opening post was deleted is left out. The asker's own follow-ups, bots and deleted
--   posts are no answer. A thread without a title shows the start of its opening post. Filters:
--   $department and $site select questions by the asker's department and site; $space selects questions
--   in that space.
-- grain: one row per unanswered question
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: day after the last day counted (exclusive); null = up to the latest data
--   $department text = null: only questions asked by people of this department; null = all
--   $site text = null: only questions asked by people of this site; null = all
--   $space text = null: only questions in this space (space_id); null = all
with -- the questions asked in the period by people of $department and $site, in $space, with
-- responded_at = their first response before $end (etl/macros.sql)
questions as (
    select thread_id, space_id, title, opening_text, asker_department, asked_at, asked_order, responded_at
    from period_questions($start, $end, $department, $site, $space)
),

-- the latest post (deleted ones and bots' included) in the selected spaces, when $end is null
reference as (
    select "at"
    from reference_time($end, $space)
),

unanswered as (
    select q.thread_id, coalesce(q.title, q.opening_text) as title, q.space_id, q.asked_at, q.asked_order,
           q.asker_department, floor(epoch(r.at - q.asked_at) / 86400)::bigint as age_days
    from questions q
    cross join reference r
    where q.responded_at is null
)

select u.thread_id, u.title, s.name as space, u.space_id, u.asked_at,
       u.asker_department as author_department, u.age_days
from unanswered u
left join spaces s using (space_id)
order by u.asked_order  -- newest first, ties by thread_id
