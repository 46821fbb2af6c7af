-- metric: Post-training knowledge reuse by course
-- definition: whether a course's attendees re-share its content on the forum. A post reuses course k when it
-- matches k's distinctive vocabulary (reuse_matches, built at load by etl/reuse.py): the course's words (3+
-- letters) and 2-3 word phrases, from its title, material and key terms, stop words removed and stemmed in the
-- course's language (Snowball; accents folded after stemming, so "donnees" meets "données"). Each term weighs
-- words × rarity × salience, with rarity = 1 - ln(1 + posts using the term) / ln(1 + all posts) (terms under
-- 0.2 are generic) and salience = min(1, times said in the material / 3), a key term counting 3 more times.
-- The course's vocabulary is its 80 heaviest terms that some post uses, weight >= 0.5 (so a common word said
-- once never counts). A post's score = min(1, sum of the weights of the distinct vocabulary terms it uses / 3),
-- a phrase counting once; it matches at score >= reuse_threshold (crowdlens.toml, default 0.4, a weight of
-- 1.2: one word alone never matches, two rare salient words or a rare salient phrase do). Each attendee counts
-- from the first session attended. reshare_rate = attendees with >= 1 reusing post in the horizon_days days from attending (day 0 included)
-- / attendees; baseline_rate = the same attendees with one in the horizon_days days before attending;
-- comparison_rate and comparison_baseline_rate = the same shares for colleagues of the same department who
-- never attended the course, over each attendee's own after and before windows (averaged over the attendees
-- who have a department); lift = (reshare_rate - baseline_rate) - (comparison_rate - comparison_baseline_rate),
-- the difference of differences (null without a comparison group). help_others_rate = attendees with a
-- reusing reply, within the horizon, in a thread someone else started / attendees; people_helped = distinct
-- starters of those threads, departments_helped = their distinct departments;
-- median_days_to_first_reuse = median over reusers of the days from attending to their first reusing post.
-- Windows of recent sessions may run past the last post loaded (and so undercount).
-- grain: one row per course with attendees
-- params:
--   $horizon_days int = 60: days after (and before) attending that are counted
--   $start date = null: first session day counted (inclusive), by each attendee's first session; null = since the beginning
--   $end date = null: session day where counting stops (exclusive); null = up to the latest
--   $department text = null: only attendees (and comparison colleagues) of this department; null = all
--   $site text = null: only attendees (and comparison colleagues) of this site; null = all
--   $space text = null: only reusing posts in this space (space_id); null = all
--   $min_score float = null: only matches at least this strong (above the load's threshold); null = all matches
-- group_size: attendees
-- group_keys: course_id, title
with -- each attendee's first session of each course (etl/macros.sql)
attendees as (
    select course_id, person_id, attended_on
    from course_attendees()
),

-- the attendees whose first session lies in the period, of $department and $site (etl/macros.sql)
cohort as (
    select course_id, person_id, attended_on, department
    from course_cohort($start, $end, $department, $site)
),

-- the live posts that reuse a course, in $space, at least $min_score strong (etl/macros.sql)
reuse_posts as (
    select course_id, post_id, author_id, day, is_help, starter_id
    from course_reuse_posts($min_score, $space)
),

attendee_posts as (
    select c.course_id, c.person_id, r.day - c.attended_on as days_after, r.is_help, r.starter_id
    from cohort c
    join reuse_posts r on r.course_id = c.course_id and r.author_id = c.person_id
    where r.day >= c.attended_on - $horizon_days and r.day < c.attended_on + $horizon_days
),

per_attendee as (
    select c.course_id, c.person_id,
           coalesce(bool_or(ap.days_after >= 0), false) as reused_after,
           coalesce(bool_or(ap.days_after < 0), false) as reused_before,
           coalesce(bool_or(ap.days_after >= 0 and ap.is_help), false) as helped,
           min(ap.days_after) filter (where ap.days_after >= 0) as days_to_first
    from cohort c
    left join attendee_posts ap on ap.course_id = c.course_id and ap.person_id = c.person_id
    group by c.course_id, c.person_id
),

summary as (
    select course_id, count(*) as attendees,
           count(*) filter (where reused_after) as reusers,
           count(*) filter (where reused_before) as baseline_reusers,
           count(*) filter (where helped) as helpers,
           median(days_to_first) as median_days_to_first_reuse
    from per_attendee
    group by course_id
),

helped as (
    select ap.course_id, count(distinct ap.starter_id) as people_helped,
           count(distinct h.department) as departments_helped
    from attendee_posts ap
    join people h on h.person_id = ap.starter_id
    where ap.days_after >= 0 and ap.is_help and not h.is_bot
    group by ap.course_id
),

cells as (
    -- attendees who have a department, by course, department and day of attending
    select course_id, department, attended_on, count(*) as attendees
    from cohort
    where department is not null
    group by course_id, department, attended_on
),

colleagues as (
    select k.course_id, p.person_id, p.department
    from (select distinct course_id, department from cells) k
    join people p on p.department = k.department
    where not p.is_bot
      and ($site is null or p.site = $site)
      and not exists (
          select 1 from attendees t where t.course_id = k.course_id and t.person_id = p.person_id
      )
),

pools as (
    select course_id, department, count(*) as pool
    from colleagues
    group by course_id, department
),

colleague_posts as (
    select g.course_id, g.department, r.author_id, r.day
    from reuse_posts r
    join colleagues g on g.course_id = r.course_id and g.person_id = r.author_id
),

cell_rates as (
    select c.course_id, c.attendees, pl.pool,
           count(distinct cp.author_id) filter (
               where cp.day >= c.attended_on and cp.day < c.attended_on + $horizon_days
           ) as after_people,
           count(distinct cp.author_id) filter (
               where cp.day >= c.attended_on - $horizon_days and cp.day < c.attended_on
           ) as before_people
    from cells c
    join pools pl on pl.course_id = c.course_id and pl.department = c.department
    left join colleague_posts cp on cp.course_id = c.course_id and cp.department = c.department
    group by c.course_id, c.department, c.attended_on, c.attendees, pl.pool
),

comparison as (
    select course_id,
           sum(attendees * after_people / pool) / sum(attendees) as comparison_rate,
           sum(attendees * before_people / pool) / sum(attendees) as comparison_baseline_rate
    from cell_rates
    group by course_id
),

rates as (
    select s.course_id, s.attendees, s.reusers,
           s.reusers / s.attendees as reshare_rate,
           s.baseline_reusers / s.attendees as baseline_rate,
           c.comparison_rate, c.comparison_baseline_rate,
           s.helpers / s.attendees as help_others_rate,
           coalesce(h.people_helped, 0) as people_helped,
           coalesce(h.departments_helped, 0) as departments_helped,
           s.median_days_to_first_reuse
    from summary s
    left join comparison c on c.course_id = s.course_id
    left join helped h on h.course_id = s.course_id
)

select r.course_id, k.title, r.attendees, r.reusers, r.reshare_rate, r.baseline_rate,
       r.comparison_rate, r.comparison_baseline_rate,
       (r.reshare_rate - r.baseline_rate) - (r.comparison_rate - r.comparison_baseline_rate) as lift,
       r.help_others_rate, r.people_helped, r.departments_helped, r.median_days_to_first_reuse
from rates r
left join courses k on k.course_id = r.course_id
order by r.course_id
