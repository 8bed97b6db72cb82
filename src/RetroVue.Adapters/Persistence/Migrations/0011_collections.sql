-- Smart collections: saved catalog queries that schedules use as pools (docs/collections.md). Names are stored in
-- lower case, so the unique index makes them unique without regard to case.
CREATE TABLE collections (
    id uuid NOT NULL,
    name character varying(64) NOT NULL,
    query text NOT NULL,
    description character varying(500) NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_collections PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_collections_name ON collections (name);
