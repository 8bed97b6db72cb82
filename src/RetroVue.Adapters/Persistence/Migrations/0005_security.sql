-- 0005: admin accounts, API keys, server-wide settings (IPTV access) and the library's keyset-paging index.
CREATE TABLE admin_users (
    id uuid NOT NULL,
    user_name character varying(64) NOT NULL,
    password_hash character varying(512) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_sign_in_at timestamp with time zone,
    CONSTRAINT pk_admin_users PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_admin_users_user_name ON admin_users (user_name);

CREATE TABLE api_keys (
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    prefix character varying(16) NOT NULL,
    key_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_api_keys PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);

CREATE TABLE server_settings (
    key character varying(64) NOT NULL,
    value text NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_server_settings PRIMARY KEY (key)
);

CREATE INDEX ix_assets_canonical_path_id ON assets (canonical_path, id);
