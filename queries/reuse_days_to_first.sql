-- metric: Days from a course to the first reuse
-- definition: the distribution behind median_days_to_first_reuse: for each number of days d from an attendee's
-- first session (day 0 = the day itself) to their first post matching the course's distinctive vocabulary
-- (method in course_reuse) within horizon_days, reusers = attendees whose first reusing post came d days
-- after; attendees = the course's attendees (the size that decides suppression).
-- grain: one row per course and number of days
-- params:
--   $horizon_days int = 60: days after attending that are counted
--   $start date = null: first session day counted (inclusive), by each attendee's first session; null = since the beginning
--   $end date = null: session day where counting stops (exclusive); null = up to the latest
--   $department text = null: only attendees of this department; null = all
--   $site text = null: only attendees of this site; null = all
--   $space text = null: only reusing posts in this space (space_id); null = all
--   $min_score float = null: only matches at least this strong (above the load's threshold); null = all matches
-- group_size: attendees
-- group_keys: course_id, days_to_first_reuse
with -- the attendees whose first session lies in the period, of $department and $site, with their
-- course's count of them (etl/macros.sql)
cohort as (
    select course_id, person_id, attended_on, attendees
    from course_cohort($start, $end, $department, $site)
),

-- the live posts that reuse a course, in $space, at least $min_score strong (etl/macros.sql)
reuse_posts as (
    select course_id, author_id, day
    from course_reuse_posts($min_score, $space)
),

first_reuse as (
    select c.course_id, c.person_id, c.attendees, min(r.day - c.attended_on) as days_to_first_reuse
    from cohort c
    join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
    where r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
    group by c.course_id, c.person_id, c.attendees
)

select course_id, days_to_first_reuse, count(*) as reusers, attendees
from first_reuse
group by course_id, days_to_first_reuse, attendees
order by course_id, days_to_first_reuse
