-- The schema of a SQLite store as polemos wrote it at store schema version 1, with the tables, indexes and
-- triggers the web view (WEB_VERSION 5) added at its start-up (sqlite_master of such a file, FTS5 shadow
-- tables left out). tests/test_store.py builds an old store from it and opens it with the current code.

CREATE TABLE meta (
	"key" TEXT NOT NULL, 
	value TEXT, 
	PRIMARY KEY ("key")
);

CREATE TABLE articles (
	id TEXT NOT NULL, 
	date DATE NOT NULL, 
	url TEXT, 
	outlet TEXT, 
	title TEXT, 
	language TEXT, 
	side TEXT, 
	text TEXT NOT NULL, 
	origin TEXT, 
	status TEXT NOT NULL, 
	skip_reason TEXT, 
	content_hash TEXT NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE events (
	id TEXT NOT NULL, 
	article_id TEXT NOT NULL, 
	idx INTEGER NOT NULL, 
	event_type TEXT, 
	sub_event_type TEXT, 
	date TEXT, 
	location_mention TEXT, 
	location_name TEXT, 
	location_country TEXT, 
	location_lat FLOAT, 
	location_lon FLOAT, 
	location_geo_precision INTEGER, 
	location_geonameid INTEGER, 
	location_admin1 TEXT, 
	location_alt_names JSON, 
	location_span_start INTEGER, 
	location_span_end INTEGER, 
	location_source TEXT, 
	claimant TEXT, 
	claimant_side TEXT, 
	evidence TEXT, 
	evidence_start INTEGER, 
	evidence_end INTEGER, 
	plover TEXT, 
	time_precision INTEGER, 
	actor1 TEXT, 
	actor1_side TEXT, 
	actor2 TEXT, 
	civilian_targeting BOOLEAN, 
	fatalities INTEGER, 
	fatalities_text TEXT, 
	injured INTEGER, 
	injured_text TEXT, 
	weapon TEXT, 
	target TEXT, 
	attribution_cue TEXT, 
	cue_start INTEGER, 
	cue_end INTEGER, 
	stance TEXT, 
	hedged BOOLEAN, 
	relayed_by TEXT, 
	tally BOOLEAN, 
	fused_id TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE INDEX ix_events_fused_id ON events (fused_id);

CREATE INDEX ix_events_date ON events (date);

CREATE INDEX ix_events_article_id ON events (article_id);

CREATE TABLE claims (
	id TEXT NOT NULL, 
	article_id TEXT NOT NULL, 
	idx INTEGER NOT NULL, 
	type TEXT, 
	claimant TEXT, 
	claimant_side TEXT, 
	evidence TEXT, 
	evidence_start INTEGER, 
	evidence_end INTEGER, 
	target TEXT, 
	summary TEXT, 
	attribution_cue TEXT, 
	cue_start INTEGER, 
	cue_end INTEGER, 
	stance TEXT, 
	hedged BOOLEAN, 
	relayed_by TEXT, 
	fused_id TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE INDEX ix_claims_article_id ON claims (article_id);

CREATE INDEX ix_claims_fused_id ON claims (fused_id);

CREATE TABLE attributions (
	id TEXT NOT NULL, 
	article_id TEXT NOT NULL, 
	idx INTEGER NOT NULL, 
	span_start INTEGER, 
	span_end INTEGER, 
	claimant TEXT, 
	claimant_side TEXT, 
	cue TEXT, 
	cue_start INTEGER, 
	cue_end INTEGER, 
	source_start INTEGER, 
	source_end INTEGER, 
	stance TEXT, 
	hedged BOOLEAN, 
	relayed_by TEXT, 
	source_type TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE INDEX ix_attributions_article_id ON attributions (article_id);

CREATE TABLE web_events (
	rid INTEGER NOT NULL, 
	gid TEXT NOT NULL, 
	date TEXT, 
	time_precision INTEGER, 
	event_type TEXT, 
	sub_event_type TEXT, 
	location_name TEXT, 
	location_country TEXT, 
	lat FLOAT, 
	lon FLOAT, 
	geo_precision INTEGER, 
	actor1 TEXT, 
	actor2 TEXT, 
	civilian_targeting INTEGER, 
	fatalities_low INTEGER, 
	fatalities_high INTEGER, 
	injured_high INTEGER, 
	n_claims INTEGER, 
	n_articles INTEGER, 
	denied INTEGER, 
	article_denial INTEGER, 
	blame_sides INTEGER, 
	tolls INTEGER, 
	voiced_sides INTEGER, 
	neutral INTEGER, 
	disputed INTEGER, 
	corroborated INTEGER, 
	claimants TEXT, 
	claimant_sides TEXT, 
	actor_sides TEXT, 
	body TEXT, 
	PRIMARY KEY (rid), 
	UNIQUE (gid)
);

CREATE INDEX ix_web_events_date ON web_events (date, gid, lat, lon);

CREATE INDEX ix_web_events_disputed ON web_events (disputed, date, gid);

CREATE INDEX ix_web_events_type ON web_events (event_type, date);

CREATE INDEX ix_web_events_lat ON web_events (lat, lon);

CREATE TABLE web_dirty (
	gid TEXT NOT NULL, 
	PRIMARY KEY (gid)
);

CREATE TABLE web_state (
	"key" TEXT NOT NULL, 
	value TEXT, 
	PRIMARY KEY ("key")
);

CREATE INDEX ix_events_gid ON events ((coalesce(fused_id, id)));

CREATE INDEX ix_events_claimant ON events (claimant, claimant_side);

CREATE INDEX ix_claims_claimant ON claims (claimant, claimant_side);

CREATE VIRTUAL TABLE web_fts USING fts5(body, content='web_events', content_rowid='rid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');

CREATE TRIGGER web_ev_ins AFTER INSERT ON events BEGIN INSERT OR IGNORE INTO web_dirty(gid) VALUES (coalesce(new.fused_id, new.id)); END;

CREATE TRIGGER web_ev_del AFTER DELETE ON events BEGIN INSERT OR IGNORE INTO web_dirty(gid) VALUES (coalesce(old.fused_id, old.id)); END;

CREATE TRIGGER web_ev_upd AFTER UPDATE ON events BEGIN INSERT OR IGNORE INTO web_dirty(gid) VALUES (coalesce(old.fused_id, old.id)); INSERT OR IGNORE INTO web_dirty(gid) VALUES (coalesce(new.fused_id, new.id)); END;

CREATE TRIGGER web_cl_ins AFTER INSERT ON claims WHEN new.stance = 'denied' BEGIN INSERT OR IGNORE INTO web_dirty(gid) SELECT coalesce(fused_id, id) FROM events WHERE article_id = new.article_id; END;

CREATE TRIGGER web_cl_del AFTER DELETE ON claims WHEN old.stance = 'denied' BEGIN INSERT OR IGNORE INTO web_dirty(gid) SELECT coalesce(fused_id, id) FROM events WHERE article_id = old.article_id; END;

INSERT INTO meta VALUES ('schema_version', '1');

INSERT INTO web_state VALUES ('version', '5');
