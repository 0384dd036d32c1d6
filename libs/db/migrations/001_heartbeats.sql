-- Heartbeats written by POST /heartbeats and the failover meter. (run_id, seq) makes writes idempotent;
-- db_host records @@hostname at insert time, so a failover shows up as a change of host.
-- Portable between MySQL 8 and MariaDB: no collation names, DATETIME(3) in UTC filled by the application's INSERT.
CREATE TABLE IF NOT EXISTS heartbeats (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  run_id VARCHAR(64) NOT NULL,
  seq BIGINT UNSIGNED NOT NULL,
  db_host VARCHAR(255) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_heartbeats_run_id_seq (run_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
