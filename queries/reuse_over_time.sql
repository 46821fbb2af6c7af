-- metric: Reuse over the weeks after a course
-- definition: whether reuse of a course fades or holds: for each week after attending (week 0 = days 0-6 from
-- each attendee's first session, week w = days 7w to 7w+6), reusers = attendees with >= 1 post matching the
-- course's distinctive vocabulary (method in course_reuse) in that week, share_of_attendees = reusers /
-- attendees. Weeks run up to horizon_days (the last one may be partial); every week is listed, zeros included.
-- grain: one row per course and week after attending
-- params:
--   $horizon_days int = 60: days after attending that are counted
--   $start date = null: first session day counted (inclusive), by each attendee's first session; null = since the beginning
--   $end date = null: session day where counting stops (exclusive); null = up to the latest
--   $department text = null: only attendees of this department; null = all
--   $site text = null: only attendees of this site; null = all
--   $space text = null: only reusing posts in this space (space_id); null = all
--   $min_score float = null: only matches at least this strong (above the load's threshold); null = all matches
-- group_size: attendees
-- group_keys: course_id, weeks_after_attending
with -- the attendees whose first session lies in the period, of $department and $site, with their
-- course's count of them (etl/macros.sql)
cohort as (
    select course_id, person_id, attended_on, attendees
    from course_cohort($start, $end, $department, $site)
),

course_sizes as (
    select distinct course_id, attendees
    from cohort
),

weeks as (
    select s.course_id, s.attendees, w.week as weeks_after_attending
    from course_sizes s, generate_series(0, ($horizon_days - 1) // 7) as w(week)
),

-- the live posts that reuse a course, in $space, at least $min_score strong (etl/macros.sql)
reuse_posts as (
    select course_id, author_id, day
    from course_reuse_posts($min_score, $space)
),

reuse_weeks as (
    select c.course_id, (r.day - c.attended_on) // 7 as weeks_after_attending,
           count(distinct c.person_id) as reusers
    from cohort c
    join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
    where r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
    group by all
)

select w.course_id, w.weeks_after_attending, coalesce(r.reusers, 0) as reusers,
       coalesce(r.reusers, 0) / w.attendees as share_of_attendees, w.attendees
from weeks w
left join reuse_weeks r
       on r.course_id = w.course_id and r.weeks_after_attending = w.weeks_after_attending
order by w.course_id, w.weeks_after_attending
