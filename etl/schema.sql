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
    title text using compression uncompressed,  -- read by loads only, as posts.body_text
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
    -- read only by loads (question openings, course reuse), never by a page: stored uncompressed,
    -- as compressing a million texts cost every load 0.8 CPU-s (benchmarks/README.md), for
    -- ~170 MB more on disk
    body_text text using compression uncompressed,
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

-- Derived: posts that reuse a course's distinctive vocabulary (etl/reuse.py states the method),
-- one row per post and course, with the evidence a trainer reads.
create table if not exists reuse_matches (
    post_id text,
    course_id text,
    score double,            -- 0..1, compared with reuse_threshold
    matched_terms text[],    -- the course's terms and phrases that fired, as the course writes them
    post_terms text[],       -- the same words as this post writes them (to highlight them)
    excerpt text             -- the post around its first matched word, on one line
);

-- Derived (etl/network.py): per person and month-end, graph metrics over the trailing window
-- (network_window_days) of interactions. Degrees, ties and PageRank count replies and mentions;
-- graph columns are null for people who only reacted or were reacted to in the window.
create table if not exists network_snapshots (
    month_end date,          -- key with person_id
    person_id text,
    in_degree bigint,        -- replies and mentions received (weighted)
    out_degree bigint,       -- replies and mentions addressed to others (weighted)
    ties integer,            -- distinct people with >= 1 reply or mention either way
    departments_reached integer,  -- departments other than one's own among those ties
    overlap_mean double,     -- mean neighbourhood overlap of the person's ties
    local_bridges integer,   -- ties whose two ends share no neighbour
    burt_constraint double,  -- Burt's constraint (low = broker)
    liaison_count bigint,    -- Gould-Fernandez liaison brokerage on the tie graph
    community_id integer,    -- Leiden community of the tie graph (ids valid within a month)
    pagerank double,
    rank integer,            -- 1 = highest PageRank that month
    audience integer,        -- distinct people who replied or reacted to the person
    reactions_from_distinct_people integer,
    accepted_answers integer -- accepted answers to other people's questions
);

-- Derived (etl/network.py): E-I index per month-end window, for the whole network
-- (group_value null) and per department or site, with the random-mixing baseline.
create table if not exists network_ei (
    month_end date,
    grouping text,           -- department or site
    group_value text,        -- null = whole network
    members integer,         -- people of the group with >= 1 tie counted
    ties integer,
    internal_ties integer,
    external_ties integer,
    ei_index double,
    expected_ei double       -- E-I of the tie counts expected with labels shuffled (exact)
);

-- Derived (etl/activity.py): the activity aggregates the Adoption and Overview pages read instead of
-- posts. Days and months are UTC; times are UTC wall-clock timestamps. People are non-bots; posts are
-- live ones; reactions = reactions given to other people (the interactions table).
create table if not exists activity_days (
    space_id text,           -- key with person_id and day; null = thread without a space
    person_id text,
    day date,
    posts integer,           -- posts and replies written
    replies integer,
    reactions integer,
    first_post_at timestamp,
    last_post_at timestamp
);

-- person_days (person and day, the same columns) is a view summing activity_days over spaces,
-- created by etl/activity.py (which says why).

create table if not exists person_months (
    person_id text,          -- key with month
    month date,
    posts integer,
    replies integer,
    reactions integer,
    first_post_at timestamp,
    last_post_at timestamp
);

create table if not exists person_firsts (
    person_id text,          -- key; people with at least one live post
    first_post_at timestamp,
    first_space text,        -- space of the first post
    second_space_at timestamp,  -- first post in any other (known) space
    last_post_at timestamp
);

create table if not exists space_engagement (
    space_id text,           -- key with department and site, over all time
    department text,
    site text,
    posts bigint,
    posters bigint,          -- people of the group who posted there
    engaged_people bigint    -- people of the group who posted or reacted there
);

create table if not exists reply_levels_by_day (
    actor_id text,           -- key with to_level and day
    to_level text,           -- job level of the person replied to, '(unknown)' when none
    day date,
    replies integer
);

create table if not exists reply_levels_by_month (
    actor_id text,           -- key with to_level and month
    to_level text,
    month date,
    replies integer
);

-- question_threads (one row per question: its opening, first response, helpers, departments,
-- co-development) is created by etl/activity.py at every load, with the columns it declares there.

create table if not exists question_helper_posts (
    thread_id text,          -- co-development threads only
    helper_id text,
    helper_department text,
    created_at timestamp
);

create table if not exists post_spans (
    space_id text,           -- key; every post, deleted ones and bots' included
    posts bigint,
    first_at timestamp,
    last_at timestamp,
    live_posts bigint,
    first_live_at timestamp,
    last_live_at timestamp
);

-- Derived (etl/activity.py): per space and person over all time, engaged = posted or reacted to
-- someone else; active_days and post_days count the days of activity_days with each.
create table if not exists space_people (
    space_id text,           -- key with person_id
    person_id text,
    active_days bigint,
    post_days bigint,
    posts bigint
);

-- Derived (etl/network.py): weak ties per pair of departments per month-end window. A tie is weak
-- when its neighbourhood overlap is below network.WEAK_OVERLAP (0.1); a local bridge shares no
-- neighbour. Ties with an end of unknown department are left out.
create table if not exists network_weak_ties (
    month_end date,          -- key with department_a and department_b
    department_a text,       -- department_a <= department_b; equal = ties inside one department
    department_b text,
    people integer,          -- distinct people at either end of these ties
    ties integer,
    weak_ties integer,       -- overlap < 0.1
    local_bridges integer    -- overlap 0: the two ends share no contact
);

-- Derived (etl/network_windows.py): what each month-end's graph metrics were computed from, so that
-- the next load recomputes only the month-ends whose pairs, people's groups or code changed.
create table if not exists network_windows (
    month_end date,          -- key
    fingerprint text         -- the network code's digest : the xor of the window's pair hashes
);
