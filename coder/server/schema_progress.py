"""Migration 3: the lead's live progress view, fed by LISTEN/NOTIFY.

Every insert or update of annotation records sends a notification on ``<prefix>_progress``
with an empty payload: any role connected to the database may LISTEN on any channel, so a
payload naming coders or sessions would show coders each other's work. The lead, woken by the
notification, reads ``progress`` (assignments with each record's version, status and time),
which only the lead's role may read.
"""

from __future__ import annotations

SQL = r"""
CREATE VIEW progress WITH (security_barrier) AS
    SELECT a.coder, a.session, a.role, r.version, r.updated_at,
           coalesce(r.body ->> 'status', 'not_started') AS status
    FROM assignments a
    LEFT JOIN annotations r ON r.coder = a.coder AND r.session = a.session;
GRANT SELECT ON progress TO {lead};

CREATE FUNCTION annotations_notify() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM pg_notify({channel}, '');
    RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION annotations_notify() FROM PUBLIC;
CREATE TRIGGER annotations_notify AFTER INSERT OR UPDATE ON annotations
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_notify();
"""
