"""Tables rebuilt from the canonical ones after every load: people, space kinds, interactions.

They are rebuilt whole, not patched, so they never depend on the order of earlier loads.
"""

from __future__ import annotations

import duckdb


def rebuild_people(con: duckdb.DuckDBPyConnection) -> None:
    """One person per person_id; the HR directory's values win over what a forum says."""
    con.execute(
        """
        create or replace temp table people_profile as
        select person_id,
               arg_max(display_name, prio) filter (where display_name is not null) as display_name,
               arg_max(email, prio) filter (where email is not null) as email,
               arg_max(department, prio) filter (where department is not null) as department,
               arg_max(site, prio) filter (where site is not null) as site,
               arg_max(job_level, prio) filter (where job_level is not null) as job_level,
               arg_max(manager_ref, prio) filter (where manager_ref is not null) as manager_ref,
               arg_max(hired_on, prio) filter (where hired_on is not null) as hired_on,
               bool_or(in_directory) as in_directory,
               bool_or(is_bot) as is_bot
        from (select *, case source when 'directory' then 3 when 'canonical' then 2 else 1 end
                        + 0.5 * coalesce(in_directory, false)::int as prio
              from accounts)
        group by person_id
        """
    )
    # A manager is named by their employee id, or by their e-mail.
    con.execute(
        """
        create or replace table people as
        select p.person_id, p.display_name, p.email, p.department, p.site, p.job_level,
               coalesce(
                   (select a.person_id from accounts a
                    where a.source = 'directory' and a.source_user_id = p.manager_ref),
                   (select min(q.person_id) from people_profile q
                    where q.email is not null and lower(q.email) = lower(p.manager_ref)),
                   (select min(q.person_id) from people_profile q where q.person_id = p.manager_ref)
               ) as manager_id,
               p.hired_on, coalesce(p.in_directory, false) as in_directory,
               coalesce(p.is_bot, false) as is_bot
        from people_profile p
        """
    )


def apply_space_kinds(con, affinity_patterns: list[str], work_patterns: list[str]) -> None:
    """Classify spaces by name patterns (globs, case-insensitive) from crowdlens.toml."""
    if not affinity_patterns and not work_patterns:
        return
    for kind, patterns in (("affinity", affinity_patterns), ("work", work_patterns)):
        for pattern in patterns:
            con.execute(
                "update spaces set kind = $kind where lower(name) glob lower($pattern)",
                {"kind": kind, "pattern": pattern},
            )
    con.execute("update spaces set kind = 'work' where kind is null")


def rebuild_interactions(con) -> None:
    """Every reply, mention and reaction between two different humans, with both ends' groups.

    A reply targets the author of the post it answers; a reaction without a time takes its
    post's time. Deleted posts and bots take no part.
    """
    con.execute(
        """
        create or replace table interactions as
        with live as (
            select p.post_id, p.author_id, p.parent_post_id, p.created_at, t.space_id
            from posts p left join threads t on t.thread_id = p.thread_id
            where p.deleted_at is null
        ),
        replies as (
            select c.author_id as actor_id, par.author_id as target_id, 'reply' as kind,
                   c.post_id, c.space_id, c.created_at as "at"
            from live c join live par on par.post_id = c.parent_post_id
        ),
        mentioned as (
            select l.author_id, m.person_id, 'mention', l.post_id, l.space_id, l.created_at
            from mentions m join live l on l.post_id = m.post_id
        ),
        reacted as (
            select r.person_id, l.author_id, 'reaction', l.post_id, l.space_id,
                   coalesce(r.created_at, l.created_at)
            from reactions r join live l on l.post_id = r.post_id
        ),
        acts as (
            select * from replies
            union all select * from mentioned
            union all select * from reacted
        )
        select a.actor_id, a.target_id, a.kind, a.post_id, a.space_id, a.at,
               pa.department as actor_department, pa.site as actor_site,
               pt.department as target_department, pt.site as target_site
        from acts a
        join people pa on pa.person_id = a.actor_id
        join people pt on pt.person_id = a.target_id
        where a.actor_id <> a.target_id and not pa.is_bot and not pt.is_bot
        """
    )


def count_orphans(con) -> tuple[int, str | None]:
    """Replies whose parent message is in no loaded export (a recoverable oddity)."""
    return con.execute(
        """
        select count(*), min(c.post_id) from posts c
        where c.parent_post_id is not null
          and c.parent_post_id not in (select post_id from posts)
        """
    ).fetchall()[0]
