-- metric: Unmatched accounts
-- definition: per source, the accounts whose person the HR directory does not know (no directory
-- loaded, or an e-mail or id it does not list), and how many of those are bots; their activity
-- counts, but they have no department, site or level
-- grain: one row per source (the directory itself excluded)
-- params: none
with accounts_people as (
    select a.source, a.source_user_id, coalesce(p.in_directory, false) as in_directory,
           coalesce(p.is_bot, a.is_bot, false) as is_bot
    from accounts a
    left join people p on p.person_id = a.person_id
    where a.source <> 'directory'
)

select source,
       count(*) as accounts,
       count(*) filter (where not in_directory) as unmatched,
       count(*) filter (where not in_directory and is_bot) as unmatched_bots,
       round(count(*) filter (where not in_directory) / count(*), 3) as unmatched_share
from accounts_people
group by source
order by source
