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
with candidates as (
    select thread_id, space_id, title, asker_department, asked_at, first_response_at, last_response_at,
           helpers, departments, replies, helper_departments
    from question_threads
    where is_codevelopment
      and ($department is null or asker_department = $department)
      and ($site is null or asker_site = $site)
      and ($space is null or space_id = $space)
      and ($start is null or asked_at >= $start)
      and ($end is null or asked_at < $end)
),

-- a thread is no co-development before $end unless it is one overall: only threads still answered
-- on or after $end are recounted, from their helpers' posts before it
recounted as (
    select h.thread_id, count(distinct h.helper_id) as helpers,
           count(distinct h.helper_department) as departments, count(*) as replies,
           string_agg(distinct h.helper_department, ', ' order by h.helper_department) as helper_departments,
           min(h.created_at) as responded_at
    from question_helper_posts h
    join candidates c using (thread_id)
    where c.last_response_at >= $end
      and h.created_at < $end
    group by h.thread_id
    having count(distinct h.helper_id) >= 3 and count(distinct h.helper_department) >= 2
),

helped as (
    select thread_id, helpers, departments, replies, helper_departments,
           first_response_at as responded_at
    from candidates
    where $end is null or last_response_at < $end
    union all
    select thread_id, helpers, departments, replies, helper_departments, responded_at
    from recounted
)

select c.thread_id, c.title, c.asked_at, h.helpers, h.departments, h.replies,
       h.helper_departments, c.asker_department, s.name as space,
       epoch(h.responded_at - c.asked_at) / 3600 as hours_to_first_response
from candidates c
join helped h using (thread_id)
left join spaces s using (space_id)
order by c.asked_at desc, c.thread_id
