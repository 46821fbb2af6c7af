-- metric: Course attendance
-- definition: per course, the sessions held (distinct dates), the people who attended and how
-- many of them completed it, counting attendances in the period; department and site select the
-- attendees. Courses nobody attended in the period are not listed.
-- grain: one row per course with at least one attendance
-- params:
--   $start date = null: first day counted (inclusive); null = since the beginning
--   $end date = null: first day not counted (exclusive); null = up to the end
--   $department text = null: only attendees of this department; null = all
--   $site text = null: only attendees of this site; null = all
-- group_size: attendees
-- group_keys: course_id, title, language
with kept as (
    select a.course_id, a.person_id, a.attended_on, coalesce(a.completed, false) as completed
    from attendance a
    left join people p on p.person_id = a.person_id
    where (cast($start as date) is null or a.attended_on >= $start)
      and (cast($end as date) is null or a.attended_on < $end)
      and (cast($department as text) is null or p.department = $department)
      and (cast($site as text) is null or p.site = $site)
)

select c.course_id, c.title, c.language,
       count(distinct k.attended_on) as sessions,
       count(distinct k.person_id) as attendees,
       count(distinct k.person_id) filter (where k.completed) as completed,
       min(k.attended_on) as first_session,
       max(k.attended_on) as last_session
from kept k
join courses c on c.course_id = k.course_id
group by c.course_id, c.title, c.language
order by c.title
