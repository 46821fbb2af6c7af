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
    select thread_id, space_id, title, asker_department, asked_at, asked_order, last_response_at,
           helpers, departments, replies, helper_departments, first_response_at
    from period_questions($start, $end, $department, $site, $space)
    where is_codevelopment
),

-- a thread is no co-development before $end unless it is one overall: only threads still answered
-- on or after $end are recounted, from their helpers' posts before it
recounted as (
    select h.thread_id, count(distinct h.helper_id) as helpers,
           count(distinct h.helper_department) as departments, count(*) as replies,
           string_agg(distinct h.helper_department, ', ' order by h.helper_department) as helper_departments,
           min(h.created_at) as responded_at
    from question_helper_posts h
    join question_threads q using (thread_id)
    where q.is_codevelopment
      and q.last_response_at >= $end
      and q.asked_at < $end
      and h.created_at < $end
    group by h.thread_id
    having count(distinct h.helper_id) >= 3 and count(distinct h.helper_department) >= 2
),

helped as (
    select c.*, r.thread_id is not null as recount, r.helpers as recounted_helpers,
           r.departments as recounted_departments, r.replies as recounted_replies,
           r.helper_departments as recounted_helper_departments, r.responded_at as recounted_responded_at
    from candidates c
    left join recounted r using (thread_id)
    where $end is null or c.last_response_at < $end or r.thread_id is not null
)

-- asked_order ranks the questions newest first (ties by thread_id), as the list is shown
select h.thread_id, h.title, h.asked_at,
       case when h.recount then h.recounted_helpers else h.helpers end as helpers,
       case when h.recount then h.recounted_departments else h.departments end as departments,
       case when h.recount then h.recounted_replies else h.replies end as replies,
       case when h.recount then h.recounted_helper_departments else h.helper_departments end
           as helper_departments,
       h.asker_department, s.name as space,
       epoch(case when h.recount then h.recounted_responded_at else h.first_response_at end - h.asked_at)
           / 3600 as hours_to_first_response
from helped h
left join spaces s using (space_id)
order by h.asked_order
