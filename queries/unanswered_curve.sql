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

reference as (
    select coalesce($end::timestamp, make_timestamp(max(epoch_us(last_post_at)))) as at
    from openings
),

aged as (
    select t.hours_to_first_response, epoch(r.at - t.asked_at) / 3600 as age_hours
    from timed t
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
