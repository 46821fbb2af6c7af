-- metric: Load mode
-- definition: pseudonymised = true when the database was loaded with --pseudonymize: names and
--   e-mails were replaced at load by aliases derived from a secret salt (the salt itself is not
--   stored; only a check value, to refuse mixing salts).
-- grain: one row
-- params: none
select coalesce(bool_or(value <> ''), false) as pseudonymised
from crowdlens_meta
where key = 'salt_check'
