-- metric: Who attendees helped with a course's content, by department
-- definition: the reach of course reuse: the people whose threads an attendee answered with a reply matching the
-- course's distinctive vocabulary (method in course_reuse), within horizon_days days from the attendee's first
-- session, grouped by the department of the person helped (the thread's starter; "(unknown)" when the
-- directory does not say). people_helped = distinct people helped in that department; helpers = distinct
-- attendees who helped them; replies = such replies.
-- grain: one row per course and department helped
-- params:
--   $horizon_days int = 60: days after attending that are counted
--   $start date = null: first session day counted (inclusive), by each attendee's first session; null = since the beginning
--   $end date = null: session day where counting stops (exclusive); null = up to the latest
--   $department text = null: only attendees of this department; null = all
--   $site text = null: only attendees of this site; null = all
--   $space text = null: only replies in this space (space_id); null = all
--   $min_score float = null: only matches at least this strong (above the load's threshold); null = all matches
-- group_size: people_helped
-- group_keys: course_id, department
with attendees as (
    select a.course_id, a.person_id, min(a.attended_on) as attended_on
    from attendance a
    join people p on p.person_id = a.person_id
    where not p.is_bot and a.attended_on is not null
    group by a.course_id, a.person_id
),

cohort as (
    select t.course_id, t.person_id, t.attended_on
    from attendees t
    join people p on p.person_id = t.person_id
    where ($start is null or t.attended_on >= $start)
      and ($end is null or t.attended_on < $end)
      and ($department is null or p.department = $department)
      and ($site is null or p.site = $site)
),

help_replies as (
    select m.course_id, p.post_id, p.author_id, th.author_id as starter_id,
           cast(timezone('UTC', p.created_at) as date) as day
    from reuse_matches m
    join posts p on p.post_id = m.post_id
    join threads th on th.thread_id = p.thread_id
    where p.deleted_at is null
      and p.parent_post_id is not null
      and th.author_id <> p.author_id
      and m.score >= coalesce($min_score, 0)
      and ($space is null or th.space_id = $space)
),

helped as (
    select c.course_id, c.person_id as helper_id, r.post_id, r.starter_id,
           coalesce(h.department, '(unknown)') as department
    from cohort c
    join help_replies r on r.course_id = c.course_id and r.author_id = c.person_id
    join people h on h.person_id = r.starter_id
    where not h.is_bot
      and r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
)

select course_id, department, count(distinct starter_id) as people_helped,
       count(distinct helper_id) as helpers, count(distinct post_id) as replies
from helped
group by course_id, department
order by course_id, people_helped desc, department
