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
with -- the attendees whose first session lies in the period, of $department and $site (etl/macros.sql)
cohort as (
    select course_id, person_id, attended_on
    from course_cohort($start, $end, $department, $site)
),

-- the live replies that reuse a course in a thread someone else started, in $space, at least
-- $min_score strong (etl/macros.sql)
help_replies as (
    select course_id, post_id, author_id, starter_id, day
    from course_reuse_posts($min_score, $space)
    where is_help
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
