-- metric: Filter options
-- definition: the values the dashboard's global filters offer: every department and site of a
-- person (bots excluded), and every space with its name
-- grain: one row per filter and value
-- params: none
with departments as (
    select distinct 'department' as filter, department as value, department as label
    from people where department is not null and not is_bot
),

sites as (
    select distinct 'site' as filter, site as value, site as label
    from people where site is not null and not is_bot
),

named_spaces as (
    select 'space' as filter, space_id as value, coalesce(nullif(trim(name), ''), space_id) as label
    from spaces
)

select filter, value, label
from (select * from departments union all select * from sites union all select * from named_spaces)
order by filter, lower(label), value
