-- 0007: server-side admin sessions; the browser's cookie names one by a random secret kept here only as a hash.
CREATE TABLE admin_sessions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    token_hash character varying(64) NOT NULL,
    user_agent character varying(256) NOT NULL,
    client_address character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_admin_sessions PRIMARY KEY (id),
    CONSTRAINT fk_admin_sessions_admin_users_user_id FOREIGN KEY (user_id) REFERENCES admin_users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_admin_sessions_token_hash ON admin_sessions (token_hash);
CREATE INDEX ix_admin_sessions_user_id ON admin_sessions (user_id);
