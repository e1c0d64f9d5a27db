"""Migration 5: a record's events as rows, so an edit writes what it changed, not the record.

A coding record of a long session holds thousands of events; rewriting the whole record as one
jsonb value on every edit makes the server parse, compress and log all of it (over 50 ms for
10,000 events). So a record whose events each have a distinct string ``id`` keeps them in
``annotation_events`` (one row per event, in the record's order by ``position``) and the rest of
the record (header, segments, ratings, classification, status) in ``annotations.body``;
``annotations.event_count`` says how many rows belong to it (NULL: the body holds its events
itself, as a record without ids is kept).

All changes to events go through a save of the record row, in the same statement, so every
change of a record's content raises its version by one and the compare-and-swap on ``version``
covers the events too:

- a body written with an ``events`` list (or with ``events_delta`` ``{"kind": "whole"}``)
  replaces the record's events;
- ``events_delta`` ``{"kind": "change", "base", "remove", "change", "place", "count"}`` applies
  an edit: remove events by id, replace events in place, insert each placed event between the
  event named ``after`` (None: first) and the event named ``before`` (None: last), then check
  the count. If the rows do not match what the writer expected (``base``
  rows, every id found), the save is refused as a conflict (SQLSTATE 40001) and nothing changes.

``events_delta`` is never stored (the trigger consumes it). The trigger runs with the writer's
rights, so row-level security on ``annotation_events`` — the same policies as ``annotations`` —
decides whose events a role may write; writing the rows directly, outside a save of the record,
is refused.
"""

from __future__ import annotations

SQL = r"""
ALTER TABLE annotations
    ADD COLUMN event_count integer CHECK (event_count >= 0),
    ADD COLUMN events_delta jsonb CHECK (events_delta IS NULL);

CREATE TABLE annotation_events (
    coder text NOT NULL,
    session text NOT NULL,
    id text NOT NULL,
    position double precision NOT NULL,
    event jsonb NOT NULL CHECK (jsonb_typeof(event) = 'object' AND event ->> 'id' = id),
    PRIMARY KEY (coder, session, id)
);
-- No index on the order: an edit finds the neighbours of an event it places by id, through the
-- primary key. (An index on (coder, session, position) would compete with the primary key, and
-- without statistics — after a record's first save — the planner picks it for look-ups by id
-- and reads every event of the record to find one.)

ALTER TABLE annotation_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY lead_all ON annotation_events TO {lead} USING (true) WITH CHECK (true);
CREATE POLICY coder_own ON annotation_events TO {coders}
    USING (coder = (SELECT current_coder_id())
           AND session IN (SELECT m.session FROM my_assignments m))
    WITH CHECK (coder = (SELECT current_coder_id())
                AND session IN (SELECT m.session FROM my_assignments m));
REVOKE ALL ON annotation_events FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON annotation_events TO {lead}, {coders};

CREATE FUNCTION annotation_events_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    -- Depth 1 is this trigger itself: a statement sent by a client. Saves and deletions of the
    -- record (its triggers) run one level deeper.
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'a record''s events change only through a save of the record'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'update annotations (body or events_delta), which raises its version';
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER annotation_events_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON annotation_events FOR EACH STATEMENT EXECUTE FUNCTION annotation_events_guard();

-- The events of a record as rows, in their order; NULL (nothing written) when they cannot be
-- kept as rows: not a list of objects with distinct string ids.
CREATE FUNCTION record_events_put(c text, s text, events jsonb) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    total integer;
    distinct_ids integer;
    all_objects boolean;
BEGIN
    IF jsonb_typeof(events) IS DISTINCT FROM 'array' THEN
        RETURN NULL;
    END IF;
    SELECT count(*), count(DISTINCT e ->> 'id'),
           coalesce(bool_and(jsonb_typeof(e) = 'object'
                             AND jsonb_typeof(e -> 'id') = 'string'), true)
        INTO total, distinct_ids, all_objects
        FROM jsonb_array_elements(events) e;
    IF NOT all_objects OR distinct_ids <> total THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.annotation_events (coder, session, id, position, event)
        SELECT c, s, e.value ->> 'id', e.ordinality, e.value
        FROM jsonb_array_elements(events) WITH ORDINALITY e;
    RETURN total;
END
$fn$;

CREATE FUNCTION record_events_conflict(c text, s text, why text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    RAISE EXCEPTION 'the events of coder %''s record of session % changed underneath: %',
        c, s, why USING ERRCODE = 'serialization_failure';
END
$fn$;

-- Apply an edit to a record's event rows; the new number of events.
CREATE FUNCTION record_events_apply(c text, s text, base integer, delta jsonb) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    removed text[] := ARRAY(SELECT jsonb_array_elements_text(delta -> 'remove'));
    total integer := base;
    one text;
    item jsonb;
    lo double precision;
    hi double precision;
    pos double precision;
BEGIN
    IF (delta ->> 'base')::integer IS DISTINCT FROM base THEN
        PERFORM record_events_conflict(c, s, format('%s events, not %s', base, delta ->> 'base'));
    END IF;
    -- One statement per event, each through the primary key: an edit touches few events.
    FOREACH one IN ARRAY removed LOOP
        DELETE FROM annotation_events e WHERE e.coder = c AND e.session = s AND e.id = one;
        IF NOT FOUND THEN
            PERFORM record_events_conflict(c, s, 'an event to remove is missing');
        END IF;
        total := total - 1;
    END LOOP;
    FOR item IN SELECT x.value FROM jsonb_array_elements(delta -> 'change') x LOOP
        UPDATE annotation_events e SET event = item
            WHERE e.coder = c AND e.session = s AND e.id = item ->> 'id';
        IF NOT FOUND THEN
            PERFORM record_events_conflict(c, s, 'an event to change is missing');
        END IF;
    END LOOP;
    FOR item IN SELECT x.value FROM jsonb_array_elements(delta -> 'place') x LOOP
        FOR attempt IN 1..2 LOOP
            lo := NULL;
            hi := NULL;
            IF item ->> 'after' IS NOT NULL THEN
                SELECT e.position INTO lo FROM annotation_events e
                    WHERE e.coder = c AND e.session = s AND e.id = item ->> 'after';
                IF NOT FOUND THEN
                    PERFORM record_events_conflict(c, s, 'an event to place after is missing');
                END IF;
            END IF;
            IF item ->> 'before' IS NOT NULL THEN
                SELECT e.position INTO hi FROM annotation_events e
                    WHERE e.coder = c AND e.session = s AND e.id = item ->> 'before';
                IF NOT FOUND THEN
                    PERFORM record_events_conflict(c, s, 'an event to place before is missing');
                END IF;
            END IF;
            IF lo >= hi THEN
                PERFORM record_events_conflict(c, s, 'their order is not the one edited');
            END IF;
            pos := CASE
                WHEN lo IS NULL AND hi IS NULL THEN 1
                WHEN lo IS NULL THEN hi - 1
                WHEN hi IS NULL THEN lo + 1
                ELSE lo + (hi - lo) / 2
            END;
            EXIT WHEN (lo IS NULL OR pos > lo) AND (hi IS NULL OR pos < hi);
            -- No number left between the neighbours (after many insertions at one place):
            -- number the record's events 1, 2, 3 … again, keeping their order.
            UPDATE annotation_events e SET position = r.n
                FROM (SELECT o.id, row_number() OVER (ORDER BY o.position) AS n
                      FROM annotation_events o WHERE o.coder = c AND o.session = s) r
                WHERE e.coder = c AND e.session = s AND e.id = r.id;
        END LOOP;
        INSERT INTO annotation_events (coder, session, id, position, event)
            VALUES (c, s, item -> 'event' ->> 'id', pos, item -> 'event');
        total := total + 1;
    END LOOP;
    IF total IS DISTINCT FROM (delta ->> 'count')::integer THEN
        PERFORM record_events_conflict(c, s, format('%s events, not %s', total, delta ->> 'count'));
    END IF;
    RETURN total;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM record_events_conflict(c, s, 'an event to add is already there');
        RETURN NULL;
END
$fn$;

CREATE FUNCTION annotations_events() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $fn$
DECLARE
    delta jsonb := NEW.events_delta;
    kind text := NEW.events_delta ->> 'kind';
    base integer;
BEGIN
    NEW.events_delta := NULL;
    IF TG_OP = 'UPDATE' AND (NEW.coder <> OLD.coder OR NEW.session <> OLD.session) THEN
        RAISE EXCEPTION 'a record keeps its coder and session'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF delta IS NOT NULL AND kind IS DISTINCT FROM 'whole' AND kind IS DISTINCT FROM 'change' THEN
        RAISE EXCEPTION 'events_delta kind is whole or change' USING ERRCODE = 'check_violation';
    END IF;
    IF kind = 'whole' OR (delta IS NULL AND NEW.body ? 'events') THEN
        IF TG_OP = 'UPDATE' AND OLD.event_count IS NOT NULL THEN
            DELETE FROM annotation_events e WHERE e.coder = OLD.coder AND e.session = OLD.session;
        END IF;
        NEW.event_count := record_events_put(NEW.coder, NEW.session, NEW.body -> 'events');
        IF NEW.event_count IS NOT NULL THEN
            NEW.body := NEW.body - 'events';
        END IF;
    ELSIF delta IS NULL THEN
        -- the events stay as they are (a change of the header or the version only)
        NEW.event_count := CASE WHEN TG_OP = 'UPDATE' THEN OLD.event_count END;
    ELSIF TG_OP = 'INSERT' OR NEW.body ? 'events' THEN
        RAISE EXCEPTION 'an edit of events applies to a saved record without events in its body'
            USING ERRCODE = 'check_violation';
    ELSE
        base := OLD.event_count;
        IF base IS NULL THEN  -- saved before with its events in the body: make them rows first
            base := record_events_put(NEW.coder, NEW.session, OLD.body -> 'events');
            IF base IS NULL THEN
                PERFORM record_events_conflict(NEW.coder, NEW.session, 'they are not rows');
            END IF;
        END IF;
        NEW.event_count := record_events_apply(NEW.coder, NEW.session, base, delta);
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER annotations_events BEFORE INSERT OR UPDATE ON annotations
    FOR EACH ROW EXECUTE FUNCTION annotations_events();

-- A deleted record takes its events along. (A trigger, not a foreign key: checking the key of
-- every inserted event would double the cost of saving a whole record.)
CREATE FUNCTION annotations_events_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $fn$
BEGIN
    DELETE FROM annotation_events e WHERE e.coder = OLD.coder AND e.session = OLD.session;
    RETURN OLD;
END
$fn$;
CREATE TRIGGER annotations_events_delete AFTER DELETE ON annotations
    FOR EACH ROW EXECUTE FUNCTION annotations_events_delete();

REVOKE ALL ON FUNCTION annotation_events_guard(), record_events_put(text, text, jsonb),
    record_events_conflict(text, text, text), record_events_apply(text, text, integer, jsonb),
    annotations_events(), annotations_events_delete() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_events_put(text, text, jsonb),
    record_events_conflict(text, text, text), record_events_apply(text, text, integer, jsonb)
    TO {lead}, {coders};
"""
