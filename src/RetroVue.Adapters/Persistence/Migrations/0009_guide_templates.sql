-- Operator-written XMLTV text per channel (docs/channels.md, "Guide templates"). NULL keeps RetroVue's own text,
-- so every existing channel's guide reads exactly as before. The channel's schedule document holds the same
-- templates as written; these columns are what the guide reads.
ALTER TABLE channels
    ADD COLUMN guide_title_template text NULL,
    ADD COLUMN guide_sub_title_template text NULL,
    ADD COLUMN guide_description_template text NULL;
