-- 0006: programme artwork. Titles keep a poster and episodes a still ("plex:{source}:{path}" or "file:{source}:{path}");
-- timeline entries keep a relative artwork key ("title/{id}", "episode/{id}") that the guide turns into a URL per request.
ALTER TABLE titles ADD COLUMN poster character varying(4160);
ALTER TABLE episodes ADD COLUMN still character varying(4160);

-- Nothing ever wrote icon_url (the catalog had no artwork), so the column is renamed rather than copied.
ALTER TABLE timeline_entries RENAME COLUMN icon_url TO artwork_key;
ALTER TABLE timeline_entries ALTER COLUMN artwork_key TYPE character varying(64);
