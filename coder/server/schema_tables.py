"""Migration 1: the project's tables, mirroring the folder store (project.json, schemes/, key.csv,
annotations/, consensus/, audit.jsonl).

Lists keep the folder's order through an ``ordinal`` column, so a push and a pull give the same
project.json. Annotation and consensus records are JSON bodies (the folder's file content) with a
``version`` for compare-and-swap.

The audit table is append-only and hash-chained by the database itself: a trigger takes the
chain's lock (an advisory lock held to commit), numbers the row after the last one and sets ``prev_hash`` and ``hash`` =
sha256(prev_hash LF db_user LF entry). Computing the link in the server, under a lock held to the
end of the transaction, means no writer on any machine can fork the chain, choose its own
predecessor or forge a hash, and concurrent writers are serialised in commit order. (In a
REPEATABLE READ transaction the trigger could miss a row committed meanwhile; the unique ``seq``
and ``hash`` then refuse the insert rather than fork the chain.)
"""

from __future__ import annotations

GENESIS_HASH = "0" * 64

SQL = r"""
CREATE TABLE project (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name text NOT NULL,
    format_version integer NOT NULL,
    created text NOT NULL DEFAULT '',
    settings jsonb NOT NULL
);

CREATE TABLE schemes (
    id text NOT NULL,
    version text NOT NULL,
    sha256 text NOT NULL,
    file text NOT NULL,
    content bytea NOT NULL,
    ordinal integer NOT NULL,
    PRIMARY KEY (id, version),
    CHECK (encode(sha256(content), 'hex') = sha256)
);

CREATE TABLE sessions (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
    scheme text NOT NULL,
    duration_ms bigint,
    added text NOT NULL DEFAULT '',
    ordinal integer NOT NULL
);

CREATE TABLE session_videos (
    session text NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
    ordinal integer NOT NULL,
    path text NOT NULL,
    size bigint NOT NULL CHECK (size >= 0),
    sha256 text NOT NULL,
    offset_ms bigint NOT NULL DEFAULT 0,
    label text NOT NULL DEFAULT '',
    PRIMARY KEY (session, ordinal)
);
CREATE INDEX session_videos_sha256 ON session_videos (sha256);

CREATE TABLE coders (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_.-]{0,31}$'),
    name text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    db_role text UNIQUE,
    ordinal integer NOT NULL
);

CREATE TABLE assignments (
    session text NOT NULL REFERENCES sessions (code),
    coder text NOT NULL REFERENCES coders (id),
    role text NOT NULL CHECK (role IN ('primary', 'reliability', 'training', 'gold_check')),
    assigned text NOT NULL DEFAULT '',
    ordinal integer NOT NULL,
    PRIMARY KEY (session, coder)
);
CREATE INDEX assignments_coder ON assignments (coder);

CREATE TABLE annotations (
    coder text NOT NULL REFERENCES coders (id),
    session text NOT NULL REFERENCES sessions (code),
    version bigint NOT NULL CHECK (version >= 1),
    body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT current_user,
    PRIMARY KEY (coder, session)
);

CREATE TABLE consensus (
    session text PRIMARY KEY REFERENCES sessions (code),
    version bigint NOT NULL CHECK (version >= 1),
    body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT current_user
);

CREATE TABLE unblinding_key (
    session text PRIMARY KEY,
    participant text NOT NULL DEFAULT '',
    arm text NOT NULL DEFAULT '',
    timepoint text NOT NULL DEFAULT '',
    extra jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object')
);

CREATE TABLE audit (
    seq bigint PRIMARY KEY,
    entry text NOT NULL CHECK (jsonb_typeof(entry::jsonb) = 'object'),
    db_user text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
);

CREATE FUNCTION audit_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    last_seq bigint;
    last_hash text;
BEGIN
    -- A lock held to commit: one writer extends the chain at a time. (An advisory lock, not a
    -- table lock: every inserter already holds ROW EXCLUSIVE, so upgrading would deadlock.)
    PERFORM pg_advisory_xact_lock('public.audit'::regclass::oid::integer, 0);
    SELECT a.seq, a.hash INTO last_seq, last_hash FROM public.audit a ORDER BY a.seq DESC LIMIT 1;
    NEW.seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
    NEW.recorded_at := clock_timestamp();
    NEW.hash := encode(sha256(convert_to(
        NEW.prev_hash || E'\n' || NEW.db_user || E'\n' || NEW.entry, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;

CREATE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit table is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_link BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_link();
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
"""
