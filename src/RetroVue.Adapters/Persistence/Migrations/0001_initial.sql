-- 0001: the catalog (sources, titles, seasons, episodes, assets, provider ids, markers) and the review queue.
CREATE TABLE sources (
    id uuid NOT NULL,
    name character varying(64) NOT NULL,
    kind character varying(32) NOT NULL,
    settings jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_sources PRIMARY KEY (id)
);

CREATE TABLE titles (
    id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    name character varying(512) NOT NULL,
    normalized_name character varying(512) NOT NULL,
    year integer,
    summary text,
    content_rating character varying(32),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_titles PRIMARY KEY (id)
);

CREATE TABLE path_mappings (
    id uuid NOT NULL,
    source_id uuid NOT NULL,
    "order" integer NOT NULL,
    from_prefix character varying(4096) NOT NULL,
    to_prefix character varying(4096) NOT NULL,
    CONSTRAINT pk_path_mappings PRIMARY KEY (id),
    CONSTRAINT fk_path_mappings_sources_source_id FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE
);

CREATE TABLE assets (
    id uuid NOT NULL,
    source_id uuid NOT NULL,
    canonical_path text NOT NULL,
    title_id uuid,
    size_bytes bigint NOT NULL,
    modified_at timestamp with time zone NOT NULL,
    container character varying(128),
    duration interval,
    bit_rate bigint,
    probe_status character varying(16) NOT NULL,
    probe_error text,
    probed_at timestamp with time zone,
    state character varying(16) NOT NULL,
    retired_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    streams jsonb,
    CONSTRAINT pk_assets PRIMARY KEY (id),
    CONSTRAINT fk_assets_sources_source_id FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE,
    CONSTRAINT fk_assets_titles_title_id FOREIGN KEY (title_id) REFERENCES titles (id) ON DELETE SET NULL
);

CREATE TABLE seasons (
    id uuid NOT NULL,
    title_id uuid NOT NULL,
    number integer NOT NULL,
    name character varying(512),
    CONSTRAINT pk_seasons PRIMARY KEY (id),
    CONSTRAINT fk_seasons_titles_title_id FOREIGN KEY (title_id) REFERENCES titles (id) ON DELETE CASCADE
);

CREATE TABLE markers (
    id uuid NOT NULL,
    asset_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    start interval NOT NULL,
    "end" interval,
    label character varying(512),
    CONSTRAINT pk_markers PRIMARY KEY (id),
    CONSTRAINT fk_markers_assets_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE
);

CREATE TABLE review_items (
    id uuid NOT NULL,
    asset_id uuid NOT NULL,
    reason character varying(32) NOT NULL,
    details text NOT NULL,
    status character varying(16) NOT NULL,
    resolution text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    CONSTRAINT pk_review_items PRIMARY KEY (id),
    CONSTRAINT fk_review_items_assets_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE
);

CREATE TABLE episodes (
    id uuid NOT NULL,
    title_id uuid NOT NULL,
    season_id uuid NOT NULL,
    number integer NOT NULL,
    name character varying(512),
    summary text,
    air_date date,
    content_rating character varying(32),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_episodes PRIMARY KEY (id),
    CONSTRAINT fk_episodes_seasons_season_id FOREIGN KEY (season_id) REFERENCES seasons (id) ON DELETE CASCADE,
    CONSTRAINT fk_episodes_titles_title_id FOREIGN KEY (title_id) REFERENCES titles (id) ON DELETE RESTRICT
);

CREATE TABLE episode_assets (
    episode_id uuid NOT NULL,
    asset_id uuid NOT NULL,
    CONSTRAINT pk_episode_assets PRIMARY KEY (episode_id, asset_id),
    CONSTRAINT fk_episode_assets_assets_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
    CONSTRAINT fk_episode_assets_episodes_episode_id FOREIGN KEY (episode_id) REFERENCES episodes (id) ON DELETE CASCADE
);

CREATE TABLE provider_refs (
    id uuid NOT NULL,
    provider character varying(32) NOT NULL,
    external_id character varying(256) NOT NULL,
    title_id uuid,
    episode_id uuid,
    asset_id uuid,
    CONSTRAINT pk_provider_refs PRIMARY KEY (id),
    CONSTRAINT ck_provider_refs_one_owner CHECK (num_nonnulls(title_id, episode_id, asset_id) = 1),
    CONSTRAINT fk_provider_refs_assets_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
    CONSTRAINT fk_provider_refs_episodes_episode_id FOREIGN KEY (episode_id) REFERENCES episodes (id) ON DELETE CASCADE,
    CONSTRAINT fk_provider_refs_titles_title_id FOREIGN KEY (title_id) REFERENCES titles (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_assets_source_id_canonical_path ON assets (source_id, canonical_path);
CREATE INDEX ix_assets_state ON assets (state);
CREATE INDEX ix_assets_title_id ON assets (title_id);
CREATE INDEX ix_episode_assets_asset_id ON episode_assets (asset_id);
CREATE UNIQUE INDEX ix_episodes_season_id_number ON episodes (season_id, number);
CREATE INDEX ix_episodes_title_id ON episodes (title_id);
CREATE UNIQUE INDEX ix_markers_asset_id_kind_start ON markers (asset_id, kind, start);
CREATE UNIQUE INDEX ix_path_mappings_source_id_order ON path_mappings (source_id, "order");
CREATE INDEX ix_provider_refs_asset_id ON provider_refs (asset_id);
CREATE INDEX ix_provider_refs_episode_id ON provider_refs (episode_id);
CREATE INDEX ix_provider_refs_title_id ON provider_refs (title_id);
CREATE UNIQUE INDEX ux_provider_refs_identity ON provider_refs (provider, external_id, title_id, episode_id, asset_id) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX ix_review_items_asset_id_reason ON review_items (asset_id, reason);
CREATE INDEX ix_review_items_status ON review_items (status);
CREATE UNIQUE INDEX ix_seasons_title_id_number ON seasons (title_id, number);
CREATE UNIQUE INDEX ix_sources_name ON sources (name);
CREATE UNIQUE INDEX ix_titles_kind_normalized_name_year ON titles (kind, normalized_name, year) NULLS NOT DISTINCT;
