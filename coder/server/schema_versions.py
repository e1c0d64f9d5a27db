"""Migration 4: record versions and stamps kept by the server.

The compare-and-swap on ``version`` only protects an edit if no writer can set a version of its
choosing (a version set back would let a stale save match again). So a new annotation or
consensus record starts at 1, every update raises the version by exactly one, and ``updated_at``
and ``updated_by`` are set by the server, whatever the writer sent.
"""

from __future__ import annotations

SQL = r"""
CREATE FUNCTION records_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.version <> 1 THEN
            RAISE EXCEPTION 'a new record starts at version 1' USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NEW.version <> OLD.version + 1 THEN
        RAISE EXCEPTION 'each save raises a record''s version by one (% to %)',
            OLD.version, NEW.version USING ERRCODE = 'check_violation';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := current_user;
    RETURN NEW;
END
$fn$;
REVOKE ALL ON FUNCTION records_stamp() FROM PUBLIC;
CREATE TRIGGER annotations_stamp BEFORE INSERT OR UPDATE ON annotations
    FOR EACH ROW EXECUTE FUNCTION records_stamp();
CREATE TRIGGER consensus_stamp BEFORE INSERT OR UPDATE ON consensus
    FOR EACH ROW EXECUTE FUNCTION records_stamp();
"""
