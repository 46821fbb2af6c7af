-- metric: Rows per table
-- definition: how many rows each canonical table holds, to check a load against its input, and the main
--   derived tables (interactions, network snapshots, reuse matches) and the load history
-- grain: one row per table
-- params: none
with counts as (
    select 'people' as table_name, count(*) as row_count from people
    union all select 'accounts', count(*) from accounts
    union all select 'spaces', count(*) from spaces
    union all select 'threads', count(*) from threads
    union all select 'posts', count(*) from posts
    union all select 'reactions', count(*) from reactions
    union all select 'mentions', count(*) from mentions
    union all select 'courses', count(*) from courses
    union all select 'attendance', count(*) from attendance
    union all select 'interactions', count(*) from interactions
    union all select 'network_snapshots', count(*) from network_snapshots
    union all select 'reuse_matches', count(*) from reuse_matches
    union all select 'load_runs', count(*) from load_runs
)

select table_name, row_count from counts
