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

course_sizes as (
    select course_id, count(*) as attendees
    from cohort
    group by course_id
),

reuse_posts as (
    select m.course_id, p.author_id, cast(timezone('UTC', p.created_at) as date) as day
    from reuse_matches m
    join posts p on p.post_id = m.post_id
    left join threads th on th.thread_id = p.thread_id
    where p.deleted_at is null
      and m.score >= coalesce($min_score, 0)
      and ($space is null or th.space_id = $space)
),

first_reuse as (
    select c.course_id, c.person_id, min(r.day - c.attended_on) as days_to_first_reuse
    from cohort c
    join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
    where r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
    group by c.course_id, c.person_id
)

select f.course_id, f.days_to_first_reuse, count(*) as reusers, s.attendees
from first_reuse f
join course_sizes s on s.course_id = f.course_id
group by f.course_id, f.days_to_first_reuse, s.attendees
order by f.course_id, f.days_to_first_reuse
