-- The canonical model (DESIGN.md). Importers fill the first block; the loader
-- rebuilds the derived tables after every load. Keys are documented, not
-- declared: merges replace rows by key in bulk (delete + insert), which is
-- far faster in DuckDB than maintaining ART indexes on a million rows.

create table if not exists people (
    person_id text,          -- key
    display_name text,
    email text,
    department text,
    site text,
    job_level text,
    manager_id text,
    hired_on date,
    in_directory boolean,
    is_bot boolean
);

-- An account also keeps what its source says of the person (the profile columns); `people` is
-- rebuilt from them after every load, the HR directory's values taking precedence.
create table if not exists accounts (
    source text,             -- key with source_user_id
    source_user_id text,
    person_id text,
    email text,
    display_name text,
    department text,
    site text,
    job_level text,
    manager_ref text,
    hired_on date,
    is_bot boolean,
    in_directory boolean
);

create table if not exists spaces (
    space_id text,           -- key
    source text,
    name text,
    kind text                -- work, affinity or null
);

create table if not exists threads (
    thread_id text,          -- key
    space_id text,
    source text,
    title text,
    author_id text,
    created_at timestamptz,
    is_question boolean,
    accepted_post_id text
);

create table if not exists posts (
    post_id text,            -- key
    thread_id text,
    source text,
    author_id text,
    created_at timestamptz,
    parent_post_id text,
    body_text text,
    edited_at timestamptz,
    deleted_at timestamptz
);

create table if not exists reactions (
    post_id text,            -- key with person_id and kind (person may be null)
    person_id text,
    kind text,
    created_at timestamptz
);

create table if not exists mentions (
    post_id text,            -- key with person_id
    person_id text
);

create table if not exists courses (
    course_id text,          -- key
    title text,
    language text,
    material_text text,
    key_terms text
);

create table if not exists attendance (
    course_id text,          -- key with person_id and attended_on
    person_id text,
    attended_on date,
    completed boolean
);

create table if not exists load_runs (
    run_id integer,
    started_at timestamptz,
    finished_at timestamptz,
    inputs json,             -- [{"path", "sha256", "kind"}]
    counts json,             -- rows per table after the load
    warnings json,           -- [{"code", "count", "example"}]
    status text
);

-- Derived: one row per act of attention, the edge list of every network metric.
create table if not exists interactions (
    actor_id text,
    target_id text,
    kind text,               -- reply, mention or reaction
    post_id text,
    space_id text,
    "at" timestamptz,
    actor_department text,
    actor_site text,
    target_department text,
    target_site text
);

-- How the database was loaded: a pseudonymised database only accepts loads with the same
-- secret salt (checked through salt_check, an HMAC of a constant; the salt itself is never stored).
create table if not exists crowdlens_meta (
    key text,
    value text
);
