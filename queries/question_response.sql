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
with humans as (
    select person_id, department, site
    from people
    where not is_bot
),

askers as (
    select person_id, department
    from humans
    where ($department is null or department = $department)
      and ($site is null or site = $site)
),

-- deleted posts stay in this step only to tell that a thread's opening post was deleted (then it is no
-- question); make_timestamp(epoch_us(...)) reads the UTC wall clock whatever the session time zone
thread_posts as (
    select thread_id, author_id, created_at, deleted_at is null as live, contains(body_text, '?') as asks
    from posts
    where ($end is null or make_timestamp(epoch_us(created_at)) < $end)
      and ($space is null or thread_id in (select thread_id from threads where space_id = $space))
),

openings as (
    select thread_id, min(created_at) as opened_at, arg_min(author_id, created_at) as asker_id,
           arg_min(live, created_at) as live, arg_min(asks, created_at) as asks,
           max(created_at) as last_post_at
    from thread_posts
    group by thread_id
),

questions as (
    select o.thread_id, o.asker_id, a.department as asker_department, o.opened_at,
           make_timestamp(epoch_us(o.opened_at)) as asked_at, t.title, t.space_id
    from openings o
    join askers a on a.person_id = o.asker_id
    left join threads t using (thread_id)
    where o.live
      and (coalesce(t.is_question, false) or o.asks)
      and ($start is null or make_timestamp(epoch_us(o.opened_at)) >= $start)
),

-- the asker's own follow-ups are no response, nor are bots' posts
responses as (
    select q.thread_id, make_timestamp(epoch_us(min(p.created_at))) as responded_at
    from thread_posts p
    join questions q on q.thread_id = p.thread_id and p.author_id <> q.asker_id
    where p.live
      and p.author_id in (select person_id from humans)
    group by q.thread_id
),

timed as (
    select q.*, r.responded_at,
           epoch(r.responded_at - q.asked_at) / 3600 as hours_to_first_response
    from questions q
    left join responses r using (thread_id)
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
