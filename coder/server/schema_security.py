"""Migration 2: who may see and change what, enforced by the server.

- ``<prefix>_lead`` (a group role; grant it to the lead's login role) reads everything and manages
  the project; it may add to the audit table but never change or remove an entry.
- ``<prefix>_coders`` is the group of every coder's role ``<prefix>_coder_<id>``, which only the
  lead creates (``create_coder_role``). A coder's role reads, inserts and updates its own
  annotation records of the sessions assigned to it (row-level security keyed on
  ``current_user``), and sees its sessions, their videos' hashes and the schemes through
  security-barrier views. It has no privilege at all on the key, the sessions and videos tables
  (video paths can carry participant names), the assignments (their role is the reliability
  sample), consensus, the coder list or the audit table (insert only, never read).
- PUBLIC loses every default privilege: connecting, temporary objects (no helper functions to
  peek through views) and execution of the project's functions.

The SQL is a template over the role names (``{lead}``, ``{coders}`` …), filled by psycopg.sql.
"""

from __future__ import annotations

SQL = r"""
DO $do$ BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I',
                   current_database(), {lead_name}, {coders_name});
END $do$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {lead}, {coders};
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;

CREATE FUNCTION current_coder_id() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN left(current_user::text, length({coder_prefix})) = {coder_prefix}
             AND pg_has_role(current_user, {coders_name}, 'MEMBER')
        THEN substr(current_user::text, length({coder_prefix}) + 1)
    END
$fn$;

CREATE VIEW my_assignments WITH (security_barrier) AS
    SELECT a.session FROM assignments a WHERE a.coder = current_coder_id();

CREATE VIEW my_sessions WITH (security_barrier) AS
    SELECT s.code, s.scheme, s.duration_ms FROM sessions s
    WHERE s.code IN (SELECT a.session FROM assignments a WHERE a.coder = current_coder_id());

CREATE VIEW my_videos WITH (security_barrier) AS
    SELECT v.session, v.ordinal, v.sha256, v.size, v.offset_ms, v.label FROM session_videos v
    WHERE v.session IN (SELECT a.session FROM assignments a WHERE a.coder = current_coder_id());

CREATE VIEW my_schemes WITH (security_barrier) AS
    SELECT s.id, s.version, s.sha256, s.content FROM schemes s;

CREATE VIEW my_project WITH (security_barrier) AS
    SELECT p.name, p.format_version FROM project p;

ALTER TABLE annotations ENABLE ROW LEVEL SECURITY;
CREATE POLICY lead_all ON annotations TO {lead} USING (true) WITH CHECK (true);
CREATE POLICY coder_own ON annotations TO {coders}
    USING (coder = (SELECT current_coder_id())
           AND session IN (SELECT m.session FROM my_assignments m))
    WITH CHECK (coder = (SELECT current_coder_id())
                AND session IN (SELECT m.session FROM my_assignments m));

GRANT SELECT, INSERT, UPDATE, DELETE ON
    project, schemes, sessions, session_videos, coders, assignments, annotations, consensus,
    unblinding_key
    TO {lead};
GRANT SELECT ON audit, schema_migrations, server_config TO {lead};
GRANT INSERT (entry) ON audit TO {lead}, {coders};
GRANT SELECT, INSERT, UPDATE ON annotations TO {coders};
GRANT SELECT ON my_assignments, my_sessions, my_videos, my_schemes, my_project
    TO {coders}, {lead};
GRANT EXECUTE ON FUNCTION current_coder_id() TO {coders}, {lead};

CREATE FUNCTION create_coder_role(coder_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    role_name text := {coder_prefix} || coder_id;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.coders c WHERE c.id = coder_id) THEN
        RAISE EXCEPTION 'no coder % in the project', coder_id
            USING ERRCODE = 'no_data_found', HINT = 'add the coder first';
    END IF;
    IF length(role_name) > 63 THEN
        RAISE EXCEPTION 'role name % is too long', role_name USING ERRCODE = 'name_too_long';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = role_name) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT',
                       role_name);
    END IF;
    EXECUTE format('GRANT %I TO %I', {coders_name}, role_name);
    UPDATE public.coders SET db_role = role_name WHERE id = coder_id;
    INSERT INTO public.audit (entry) VALUES (json_build_object(
        'action', 'coder_role_created', 'coder', coder_id, 'role', role_name, 'by', session_user,
        'time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text);
    RETURN role_name;
END
$fn$;
REVOKE ALL ON FUNCTION create_coder_role(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_coder_role(text) TO {lead};
"""
