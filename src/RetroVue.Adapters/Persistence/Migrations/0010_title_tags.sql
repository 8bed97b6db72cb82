-- Genres, tags (collections, labels) and studios of titles, each owned by the source that gave it, and the
-- title's community score (docs/library.md, "Genres, tags and studios").
ALTER TABLE titles ADD COLUMN community_rating double precision NULL;

CREATE TABLE title_tags (
    title_id uuid NOT NULL,
    source_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    normalized_name character varying(100) NOT NULL,
    name character varying(100) NOT NULL,
    CONSTRAINT pk_title_tags PRIMARY KEY (title_id, source_id, kind, normalized_name),
    CONSTRAINT fk_title_tags_titles_title_id FOREIGN KEY (title_id) REFERENCES titles (id) ON DELETE CASCADE,
    CONSTRAINT fk_title_tags_sources_source_id FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE
);

CREATE INDEX ix_title_tags_kind_normalized_name ON title_tags (kind, normalized_name);
CREATE INDEX ix_title_tags_source_id ON title_tags (source_id);
