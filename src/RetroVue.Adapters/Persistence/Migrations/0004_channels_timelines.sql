-- 0004: channels, their schedules and scheduler state, persisted timelines, and installation-wide settings.
CREATE TABLE settings (
    key character varying(64) NOT NULL,
    value text NOT NULL,
    CONSTRAINT pk_settings PRIMARY KEY (key)
);

-- Minted once per installation; channel ids carry part of it so that two servers never share guide ids.
INSERT INTO settings (key, value) VALUES ('installation_id', gen_random_uuid()::text);

CREATE TABLE channels (
    id uuid NOT NULL,
    stable_id character varying(128) NOT NULL,
    number character varying(16) NOT NULL,
    name character varying(100) NOT NULL,
    "group" character varying(100),
    logo_url character varying(2048),
    time_zone_id character varying(64) NOT NULL,
    broadcast_day_start time without time zone NOT NULL,
    grid_minutes integer NOT NULL,
    enabled boolean NOT NULL,
    profile_width integer NOT NULL,
    profile_height integer NOT NULL,
    profile_frame_rate double precision NOT NULL,
    profile_video_bit_rate_kbps integer NOT NULL,
    profile_audio_bit_rate_kbps integer NOT NULL,
    profile_transcode character varying(16) NOT NULL,
    CONSTRAINT pk_channels PRIMARY KEY (id)
);

CREATE TABLE channel_playouts (
    channel_id uuid NOT NULL,
    schedule_file character varying(1024) NOT NULL,
    schedule_yaml text NOT NULL,
    schedule_applied_at timestamp with time zone NOT NULL,
    state jsonb,
    built_until timestamp with time zone,
    rebuild_pending boolean NOT NULL,
    version integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_channel_playouts PRIMARY KEY (channel_id),
    CONSTRAINT fk_channel_playouts_channels_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);

CREATE TABLE timeline_entries (
    channel_id uuid NOT NULL,
    start timestamp with time zone NOT NULL,
    "end" timestamp with time zone NOT NULL,
    kind character varying(16) NOT NULL,
    asset_id uuid,
    in_point interval NOT NULL,
    out_point interval NOT NULL,
    guide_key timestamp with time zone NOT NULL,
    pool character varying(128),
    play_order character varying(16),
    title character varying(512) NOT NULL,
    sub_title character varying(512),
    description text,
    title_id uuid,
    episode_id uuid,
    season_number integer,
    episode_number integer,
    year integer,
    guide_date character varying(8),
    category character varying(64),
    icon_url character varying(2048),
    is_movie boolean NOT NULL,
    CONSTRAINT pk_timeline_entries PRIMARY KEY (channel_id, start),
    CONSTRAINT fk_timeline_entries_channels_channel_id FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_timeline_entries_assets_asset_id FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX ix_channels_number ON channels (number);
CREATE UNIQUE INDEX ix_channels_stable_id ON channels (stable_id);
CREATE INDEX ix_timeline_entries_asset_id ON timeline_entries (asset_id);
CREATE INDEX ix_timeline_entries_channel_id_guide_key ON timeline_entries (channel_id, guide_key);
