"""PostgreSQL only: `volunteerhub_sign_up` answers through its output columns, so that it plans nothing
once warm.

Its answers used to be `RETURN QUERY SELECT ... CASE WHEN status = 'waitlisted' THEN (SELECT count(*) ...)`:
a statement whose custom plan (the CASE folded away) always looked cheaper than the generic one, so
PostgreSQL planned it again on every call (30 plans in 30 calls, seen with log_planner_stats; called
directly from four connections, the function's PostgreSQL CPU fell from 0.5-0.8 ms to 0.3-0.5 ms per
call in alternating runs on a noisy machine). Now the waitlist
rank is its own statement, run only for a waitlisted sign-up, and the row is returned with RETURN NEXT:
every statement left keeps one generic plan per connection. Same arguments, same answers, same writes.
"""

import importlib

from django.db import migrations

SIGN_UP = r"""
CREATE OR REPLACE FUNCTION volunteerhub_sign_up(
    p_activity bigint, p_volunteer bigint, p_actor bigint, p_ip text, p_source text, p_now timestamptz)
RETURNS TABLE (outcome text, signup_id bigint, signup_status text, signup_position integer,
               waitlist_rank integer, confirmed integer, waitlisted integer)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_status text;
    s_id bigint;
    s_status text;
    s_position integer;
    a_status text;
    a_starts timestamptz;
    a_ends timestamptz;
    a_path text;
    c_confirmed integer;
    c_waitlisted integer;
    n_status text;
    n_position integer;
BEGIN
    SELECT v.status INTO v_status FROM volunteers_volunteer v WHERE v.id = p_volunteer FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'refused';
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT s.id, s.status, s.position INTO s_id, s_status, s_position
      FROM activities_signup s WHERE s.activity_id = p_activity AND s.volunteer_id = p_volunteer;
    IF s_id IS NOT NULL AND s_status <> 'cancelled' THEN  -- asking again gives the same place
        IF s_status = 'waitlisted' THEN
            SELECT count(*)::integer INTO waitlist_rank FROM activities_signup w
             WHERE w.activity_id = p_activity AND w.status = 'waitlisted' AND w.position <= s_position;
        END IF;
        SELECT a.confirmed_count, a.waitlist_count INTO confirmed, waitlisted
          FROM activities_activity a WHERE a.id = p_activity;
        outcome := 'existing';
        signup_id := s_id;
        signup_status := s_status;
        signup_position := s_position;
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT a.status, a.starts_at, a.ends_at, r.path INTO a_status, a_starts, a_ends, a_path
      FROM activities_activity a JOIN regions_region r ON r.code = a.region_id WHERE a.id = p_activity;
    IF a_status IS DISTINCT FROM 'published' OR a_ends <= p_now OR v_status <> 'active'
       OR EXISTS (SELECT 1 FROM activities_activity_required_qualifications rq
                   WHERE rq.activity_id = p_activity AND NOT EXISTS (
                         SELECT 1 FROM volunteers_volunteer_qualifications vq
                          WHERE vq.volunteer_id = p_volunteer AND vq.qualification_id = rq.qualification_id))
       OR EXISTS (SELECT 1 FROM activities_signup o JOIN activities_activity oa ON oa.id = o.activity_id
                   WHERE o.volunteer_id = p_volunteer AND o.status = 'confirmed' AND oa.id <> p_activity
                     AND oa.status <> 'cancelled' AND oa.starts_at < a_ends AND oa.ends_at > a_starts) THEN
        outcome := 'refused';
        RETURN NEXT;
        RETURN;
    END IF;

    UPDATE activities_activity SET confirmed_count = confirmed_count + 1
     WHERE id = p_activity AND confirmed_count < capacity
    RETURNING confirmed_count, waitlist_count INTO c_confirmed, c_waitlisted;
    IF FOUND THEN
        n_status := 'confirmed';
    ELSE
        UPDATE activities_activity SET waitlist_count = waitlist_count + 1, waitlist_seq = waitlist_seq + 1
         WHERE id = p_activity
        RETURNING waitlist_seq, confirmed_count, waitlist_count INTO n_position, c_confirmed, c_waitlisted;
        n_status := 'waitlisted';
    END IF;

    IF s_id IS NOT NULL THEN  -- signing up again after cancelling
        UPDATE activities_signup SET status = n_status, position = n_position, updated_at = p_now,
               confirmed_at = CASE WHEN n_status = 'confirmed' THEN p_now END, cancelled_at = NULL
         WHERE id = s_id;
    ELSE
        INSERT INTO activities_signup (activity_id, volunteer_id, status, position, created_at, updated_at,
                                       confirmed_at, checkin_method, rating_note)
        VALUES (p_activity, p_volunteer, n_status, n_position, p_now, p_now,
                CASE WHEN n_status = 'confirmed' THEN p_now END, '', '')
        RETURNING id INTO s_id;
    END IF;

    INSERT INTO audit_auditevent (at, actor_id, ip, source, action, target_type, target_id, region_path, changes)
    VALUES (p_now, p_actor, p_ip, p_source, 'sign_up', 'activity', p_activity::text, a_path,
            jsonb_build_object('volunteer', p_volunteer, 'status', n_status));

    IF n_status = 'waitlisted' THEN
        SELECT count(*)::integer INTO waitlist_rank FROM activities_signup w
         WHERE w.activity_id = p_activity AND w.status = 'waitlisted' AND w.position <= n_position;
    END IF;
    outcome := 'ok';
    signup_id := s_id;
    signup_status := n_status;
    signup_position := n_position;
    confirmed := c_confirmed;
    waitlisted := c_waitlisted;
    RETURN NEXT;
END
$fn$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SIGN_UP)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(importlib.import_module("volunteerhub.activities.migrations.0002_sign_up_function").SIGN_UP)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_sign_up_function")]

    operations = [migrations.RunPython(create, restore)]
