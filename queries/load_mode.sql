-- metric: Load mode
-- definition: pseudonymised = true when the database was loaded with --pseudonymize: names and
--   e-mails were replaced at load by aliases derived from a secret salt (the salt itself is not
--   stored; only a check value, to refuse mixing salts). with_directory = true when some load
--   brought an HR directory (--directory): without one, nobody has a department, site or level and
--   there is no headcount to compute adoption from.
-- grain: one row
-- params: none
with salt as (
    select coalesce(bool_or(value <> ''), false) as pseudonymised
    from crowdlens_meta
    where key = 'salt_check'
),

directory as (
    select count(*) > 0 as with_directory
    from accounts
    where source = 'directory'
)

select s.pseudonymised, d.with_directory
from salt s
cross join directory d
