-- Accounts on SQLite: users and their roles, posts (岗位) and their holders, who answers for
-- which cost line or indicator, login sessions, personal API tokens and the audit record of
-- logins.
--
-- Kept identical to the PostgreSQL migration so that one SQL text serves both. Times are TEXT
-- in RFC 3339 UTC with exactly six decimals and a `Z` (`2025-03-31T08:00:00.000000Z`): of fixed
-- width, so that comparing and sorting the text compares and sorts the times. Secrets are
-- stored only as hashes: the password hash, and the hash of each session id and API token, so a
-- copy of the database opens no account.

-- A user belongs to one organization, which bounds what it may see.
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    organization_id INTEGER NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT app_user_username_key UNIQUE (username),
    CONSTRAINT app_user_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id),
    CONSTRAINT app_user_active_check CHECK (active IN (0, 1))
);
CREATE INDEX app_user_organization_idx ON app_user (organization_id);

-- The roles of a user; the codes are those of the core's permission table.
CREATE TABLE user_role (
    user_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    CONSTRAINT user_role_pkey PRIMARY KEY (user_id, role),
    CONSTRAINT user_role_user_fkey FOREIGN KEY (user_id)
        REFERENCES app_user (id) ON DELETE CASCADE,
    CONSTRAINT user_role_role_check CHECK (role IN ('admin', 'finance', 'engineer', 'auditor',
        'leader', 'expert'))
);

-- Posts (岗位) of an organization; a post can answer for items so that the duty outlives a
-- change of staff.
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    organization_id INTEGER NOT NULL,
    CONSTRAINT post_code_key UNIQUE (code),
    CONSTRAINT post_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id)
);

CREATE TABLE post_holder (
    post_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    CONSTRAINT post_holder_pkey PRIMARY KEY (post_id, user_id),
    CONSTRAINT post_holder_post_fkey FOREIGN KEY (post_id)
        REFERENCES post (id) ON DELETE CASCADE,
    CONSTRAINT post_holder_user_fkey FOREIGN KEY (user_id)
        REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX post_holder_user_idx ON post_holder (user_id);

-- Who answers for a cost line or an indicator of a project: a user or a post, never both. Items
-- are named by code rather than by row id, because a cost line's code names it across all the
-- fiscal years of the project. The rows go with their project; an owner who still answers for
-- items cannot be deleted.
CREATE TABLE responsibility (
    project_id INTEGER NOT NULL,
    item_kind TEXT NOT NULL,
    item_code TEXT NOT NULL,
    owner_user_id INTEGER,
    owner_post_id INTEGER,
    CONSTRAINT responsibility_item_key UNIQUE (project_id, item_kind, item_code),
    CONSTRAINT responsibility_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT responsibility_user_fkey FOREIGN KEY (owner_user_id) REFERENCES app_user (id),
    CONSTRAINT responsibility_post_fkey FOREIGN KEY (owner_post_id) REFERENCES post (id),
    CONSTRAINT responsibility_kind_check CHECK (item_kind IN ('cost_line', 'indicator')),
    CONSTRAINT responsibility_one_owner_check CHECK (
        (owner_user_id IS NOT NULL AND owner_post_id IS NULL)
        OR (owner_user_id IS NULL AND owner_post_id IS NOT NULL))
);
CREATE INDEX responsibility_user_idx ON responsibility (owner_user_id);
CREATE INDEX responsibility_post_idx ON responsibility (owner_post_id);

-- Sessions live in the database so that several server processes share them. The key is the
-- hash of the cookie's session id.
CREATE TABLE session (
    token_hash TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    CONSTRAINT session_pkey PRIMARY KEY (token_hash),
    CONSTRAINT session_user_fkey FOREIGN KEY (user_id)
        REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX session_user_idx ON session (user_id);
CREATE INDEX session_expires_idx ON session (expires_at);

-- Personal API tokens, kept after revocation so that the owner sees what was revoked when.
CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    CONSTRAINT api_token_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_token_user_fkey FOREIGN KEY (user_id)
        REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- Every attempt to sign in. The name given is kept as typed, since failed attempts often name
-- no account; the indexes serve the throttling counts per account and per address.
CREATE TABLE login_event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    user_id INTEGER,
    address TEXT NOT NULL,
    success INTEGER NOT NULL,
    reason TEXT NOT NULL,
    CONSTRAINT login_event_user_fkey FOREIGN KEY (user_id)
        REFERENCES app_user (id) ON DELETE SET NULL,
    CONSTRAINT login_event_success_check CHECK (success IN (0, 1))
);
CREATE INDEX login_event_username_idx ON login_event (username, at);
CREATE INDEX login_event_address_idx ON login_event (address, at);
CREATE INDEX login_event_at_idx ON login_event (at);
