-- metric: Co-development threads
-- definition: questions asked in the period that at least 3 distinct people other than the asker answered,
--   those helpers coming from at least 2 departments (helpers without a department do not add one) -
--   one question drawing several colleagues from across the organisation. helpers = distinct people who
--   posted in the thread besides the asker, replies = their posts, departments = distinct departments
--   among the helpers. A question is a thread the source marks as one, or whose opening post (its
--   earliest) contains '?'. Bots and deleted posts are ignored, and posts on or after $end. Filters:
--   $department and $site select questions by the asker's department and site (helpers may come from
--   anywhere); $space selects questions in that space.
-- grain: one row per co-development thread
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

helpers as (
    select q.thread_id, p.author_id, count(*) as replies, min(p.created_at) as first_reply_at
    from thread_posts p
    join questions q on q.thread_id = p.thread_id and p.author_id <> q.asker_id
    where p.live
    group by q.thread_id, p.author_id
),

helped as (
    select e.thread_id, count(*) as helpers, sum(e.replies)::bigint as replies,
           count(distinct h.department) as departments,
           string_agg(distinct h.department, ', ' order by h.department) as helper_departments,
           make_timestamp(epoch_us(min(e.first_reply_at))) as responded_at
    from helpers e
    join humans h on h.person_id = e.author_id
    group by e.thread_id
    having count(*) >= 3 and count(distinct h.department) >= 2
)

select q.thread_id, q.title, q.asked_at, h.helpers, h.departments, h.replies,
       h.helper_departments, q.asker_department, s.name as space,
       epoch(h.responded_at - q.asked_at) / 3600 as hours_to_first_response
from questions q
join helped h using (thread_id)
left join spaces s using (space_id)
order by q.asked_at desc, q.thread_id
