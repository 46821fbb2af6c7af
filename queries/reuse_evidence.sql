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
with -- the attendees whose first session lies in the period, of $department and $site, with their
-- course's count of them (etl/macros.sql)
cohort as (
    select course_id, person_id, attended_on, display_name, attendees
    from course_cohort($start, $end, $department, $site)
    where $course is null or course_id = $course
),

-- the live posts that reuse a course, in $space, at least $min_score strong (etl/macros.sql)
reuse_posts as (
    select course_id, post_id, score, matched_terms, post_terms, excerpt, author_id, created_at, day, is_help
    from course_reuse_posts($min_score, $space)
    where $course is null or course_id = $course
)

select c.course_id, r.post_id, c.person_id, c.display_name, r.created_at,
       r.day - c.attended_on as days_after_attending,
       array_to_string(r.matched_terms, '; ') as matched_terms,
       r.is_help, r.excerpt, r.score,
       array_to_string(r.post_terms, '; ') as post_terms,
       c.attendees
from cohort c
join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
where r.day >= c.attended_on and r.day < c.attended_on + $horizon_days
order by c.course_id, r.score desc, r.created_at, r.post_id
