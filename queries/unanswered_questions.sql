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

unanswered as (
    select t.thread_id, t.asker_id, t.opened_at, t.title, t.space_id, t.asked_at, t.asker_department,
           floor(epoch(r.at - t.asked_at) / 86400)::bigint as age_days
    from timed t
    cross join reference r
    where t.responded_at is null
)

select u.thread_id,
       coalesce(u.title, left(p.body_text, 120)) as title,
       s.name as space, u.space_id, u.asked_at, u.asker_department as author_department, u.age_days
from unanswered u
left join spaces s using (space_id)
left join posts p
       on p.thread_id = u.thread_id and p.author_id = u.asker_id and p.created_at = u.opened_at
order by u.asked_at desc, u.thread_id
