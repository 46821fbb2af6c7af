-- metric: Unmatched accounts
-- definition: per source, the accounts whose person the HR directory does not know (no directory
-- loaded, or an e-mail or id it does not list), and how many of those are bots; their activity
-- counts, but they have no department, site or level. guests = those of them, bots aside, whose
-- e-mail domain is not one of $internal_domains (partners, guests of external groups): expected
-- outside the directory, unlike employees it misses. Null when no internal domain is known;
-- accounts without an e-mail (a pseudonymised load) are never counted as guests.
-- grain: one row per source (the directory itself excluded)
-- params:
--   $internal_domains text = null: comma-separated e-mail domains that count as internal, e.g. acme.fr,acme.com; null = those of crowdlens.toml (internal_domains), none there = no guest count
with accounts_people as (
    select a.source, a.source_user_id, coalesce(p.in_directory, false) as in_directory,
           coalesce(p.is_bot, a.is_bot, false) as is_bot,
           lower(split_part(a.email, '@', 2)) as domain
    from accounts a
    left join people p on p.person_id = a.person_id
    where a.source <> 'directory'
),

internal as (
    select list_transform(string_split(lower($internal_domains), ','), lambda d: trim(d)) as domains
)

select source,
       count(*) as accounts,
       count(*) filter (where not in_directory) as unmatched,
       count(*) filter (where not in_directory and is_bot) as unmatched_bots,
       case when $internal_domains is not null then
           count(*) filter (where not in_directory and not is_bot and domain <> ''
                            and not list_contains((select domains from internal), domain))
       end as guests,
       round(count(*) filter (where not in_directory) / count(*), 3) as unmatched_share
from accounts_people
group by source
order by source
