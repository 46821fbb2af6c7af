-- metric: Posts that reuse a course
-- definition: the evidence behind course_reuse: every live post by an attendee of the course, within
-- horizon_days days from the first session they attended (day 0 included), that matches the course's
-- distinctive vocabulary (method in course_reuse). matched_terms = the course's terms and phrases that fired,
-- as the course writes them, joined by "; "; post_terms = the same words as the post writes them (for
-- highlighting), joined by "; "; is_help = a reply in a thread someone else started; excerpt = the post
-- around its first matched word, as plain text. Strongest matches first within a course.
-- grain: one row per course and reusing post
-- params:
--   $horizon_days int = 60: days after attending that are counted
--   $start date = null: first session day counted (inclusive), by each attendee's first session; null = since the beginning
--   $end date = null: session day where counting stops (exclusive); null = up to the latest
--   $department text = null: only attendees of this department; null = all
--   $site text = null: only attendees of this site; null = all
--   $space text = null: only posts in this space (space_id); null = all
--   $min_score float = null: only matches at least this strong (above the load's threshold); null = all matches
--   $course text = null: only this course (course_id); null = all
-- group_size: attendees
-- group_keys: course_id
with attendees as (
    select a.course_id, a.person_id, min(a.attended_on) as attended_on
    from attendance a
    join people p on p.person_id = a.person_id
    where not p.is_bot and a.attended_on is not null
    group by a.course_id, a.person_id
),

cohort as (
    select t.course_id, t.person_id, t.attended_on, p.display_name
    from attendees t
    join people p on p.person_id = t.person_id
    where ($start is null or t.attended_on >= $start)
      and ($end is null or t.attended_on < $end)
      and ($department is null or p.department = $department)
      and ($site is null or p.site = $site)
      and ($course is null or t.course_id = $course)
),

course_sizes as (
    select course_id, count(*) as attendees
    from cohort
    group by course_id
),

reuse_posts as (
    select m.course_id, m.post_id, m.score, m.matched_terms, m.post_terms, m.excerpt,
           p.author_id, p.created_at, cast(timezone('UTC', p.created_at) as date) as day,
           coalesce(p.parent_post_id is not null and th.author_id <> p.author_id, false) as is_help
    from reuse_matches m
    join posts p on p.post_id = m.post_id
    left join threads th on th.thread_id = p.thread_id
    where p.deleted_at is null
      and m.score >= coalesce($min_score, 0)
      and ($space is null or th.space_id = $space)
      and ($course is null or m.course_id = $course)
)

select c.course_id, r.post_id, c.person_id, c.display_name, r.created_at,
       r.day - c.attended_on as days_after_attending,
       array_to_string(r.matched_terms, '; ') as matched_terms,
       r.is_help, r.excerpt, r.score,
       array_to_string(r.post_terms, '; ') as post_terms,
       s.attendees
from cohort c
join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
join course_sizes s on s.course_id = c.course_id
where r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
order by c.course_id, r.score desc, r.created_at, r.post_id
