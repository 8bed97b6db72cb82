-- 0002: incremental sync from rich sources (Plex) and the history of every sync.

-- What the source said about a file last time (equal next time = nothing to write), how to stream it from the
-- source, and whether it can be opened on this machine at all (if not, it is never probed here).
ALTER TABLE assets ADD COLUMN source_fingerprint character varying(128);
ALTER TABLE assets ADD COLUMN stream_key character varying(4096);
ALTER TABLE assets ADD COLUMN locally_reachable boolean NOT NULL DEFAULT TRUE;
-- Existing rows are local files; new rows always say so themselves.
ALTER TABLE assets ALTER COLUMN locally_reachable DROP DEFAULT;

CREATE TABLE sync_runs (
    id uuid NOT NULL,
    source_id uuid NOT NULL,
    mode character varying(16) NOT NULL,
    trigger character varying(16) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    outcome character varying(16) NOT NULL,
    files_found integer NOT NULL,
    added integer NOT NULL,
    updated integer NOT NULL,
    unchanged integer NOT NULL,
    retired integer NOT NULL,
    probed integer NOT NULL,
    probe_failures integer NOT NULL,
    sent_to_review integer NOT NULL,
    error text,
    cursor text,
    CONSTRAINT pk_sync_runs PRIMARY KEY (id),
    CONSTRAINT fk_sync_runs_sources_source_id FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE
);

CREATE INDEX ix_sync_runs_source_id_started_at ON sync_runs (source_id, started_at);
