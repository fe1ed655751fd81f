-- 0012: the update service (cloud/updates/): releases per channel, their files, staged rollout, pins, the
-- devices' feeds and health reports; and the platform administrators who publish releases.
-- Time columns are bigint epoch ms (UTC); sizes are bytes.

-- A platform administrator's credential (npm run release, the rollout routes). Only the sha256 of the token
-- is kept: the token is 32 random bytes, shown once when created (cloud/updates/admin-cli.ts).
CREATE TABLE platform_admins (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at    bigint NOT NULL,
  revoked_at    bigint
);

-- An uploaded file, content-addressed by its sha512 (base64, as latest.yml states it). Stored in chunks of
-- at most 1 MiB so PGlite and PostgreSQL hold it alike and every cloud process can serve it. A blob row
-- commits together with all its chunks, and only once their sha512 and size matched what was declared.
CREATE TABLE update_blobs (
  sha512      text PRIMARY KEY,
  size        bigint NOT NULL CHECK (size >= 1),
  chunks      integer NOT NULL CHECK (chunks >= 1),
  created_at  bigint NOT NULL
);
CREATE TABLE update_blob_chunks (
  sha512  text NOT NULL REFERENCES update_blobs(sha512),
  seq     integer NOT NULL CHECK (seq >= 0),
  data    bytea NOT NULL,
  PRIMARY KEY (sha512, seq)
);

-- A release of the POS on a channel. rollout_bps: the share of devices (basis points, by a fixed cohort of
-- the device id) offered it. status: active (offered), paused (offered to nobody new: by hand or by its
-- failure rate), superseded (replaced by superseded_by, which every device running it is offered).
CREATE TABLE update_releases (
  id                     uuid PRIMARY KEY,
  channel                text NOT NULL CHECK (channel IN ('stable', 'beta')),
  version                text NOT NULL CHECK (length(version) BETWEEN 1 AND 32),
  notes_zh               text NOT NULL,
  notes_en               text NOT NULL,
  minimum_version        text,
  rollout_bps            integer NOT NULL CHECK (rollout_bps BETWEEN 0 AND 10000),
  status                 text NOT NULL CHECK (status IN ('active', 'paused', 'superseded')),
  status_reason          text,
  superseded_by          text,
  failure_threshold_bps  integer NOT NULL CHECK (failure_threshold_bps BETWEEN 0 AND 10000),
  min_reports            integer NOT NULL CHECK (min_reports >= 1),
  release_date           bigint NOT NULL,
  created_by             uuid NOT NULL REFERENCES platform_admins(id),
  created_at             bigint NOT NULL,
  updated_at             bigint NOT NULL,
  CONSTRAINT update_releases_channel_version_key UNIQUE (channel, version)
);

CREATE TABLE update_release_files (
  release_id  uuid NOT NULL REFERENCES update_releases(id),
  name        text NOT NULL,
  sha512      text NOT NULL REFERENCES update_blobs(sha512),
  size        bigint NOT NULL,
  -- in latest.yml (the installer); false: fetched beside it by convention (its .blockmap)
  listed      boolean NOT NULL,
  PRIMARY KEY (release_id, name)
);

-- An outlet's channel, and the version it must not go past (pinned_version; NULL follows the rollouts).
-- Set by the platform, or by the outlet's agent for its own outlets.
CREATE TABLE update_outlet_settings (
  outlet_id       uuid PRIMARY KEY REFERENCES organizations(id),
  channel         text NOT NULL CHECK (channel IN ('stable', 'beta')),
  pinned_version  text,
  -- 'platform:<admin id>' or 'agent:<employee id>'
  updated_by      text NOT NULL,
  updated_at      bigint NOT NULL
);

-- A device as the update service knows it: its feed token (in the feed URL the till hands electron-updater,
-- and the credential of its health reports: a till whose backend failed to start has no device key at
-- hand) and the version it last said it runs.
CREATE TABLE update_devices (
  device_id    uuid PRIMARY KEY REFERENCES devices(id),
  feed_token   text NOT NULL UNIQUE CHECK (feed_token ~ '^[A-Za-z0-9_-]{43}$'),
  version      text,
  seen_at      bigint NOT NULL,
  created_at   bigint NOT NULL
);
CREATE INDEX update_devices_version_idx ON update_devices(version);

-- Every start a device reported, per version: whether the latest start worked, and whether any failed.
CREATE TABLE update_health (
  device_id         uuid NOT NULL REFERENCES devices(id),
  version           text NOT NULL,
  previous_version  text,
  started_ok        boolean NOT NULL,
  ever_failed       boolean NOT NULL,
  error_code        text,
  error_message     text,
  first_at          bigint NOT NULL,
  last_at           bigint NOT NULL,
  PRIMARY KEY (device_id, version)
);
CREATE INDEX update_health_version_idx ON update_health(version);
