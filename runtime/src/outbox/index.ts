/**
 * The transactional outbox: write a message with the business change, and a relay that sends it to
 * Kafka (several relays may share a table: each leases what it sends). The SQL stores run on any
 * database handle through a `SqlExecutor`; `/outbox/sqlite` and `/outbox/postgres` take a
 * `node:sqlite` database and a `pg` pool as they are.
 */
export {
  enqueueMessage,
  startOutboxRelay,
  type OutboxEntry,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxStore,
} from "../kafka/outbox.js";
export { SqlOutboxStore, type SqlOutboxStoreOptions } from "../kafka/outbox-sql.js";
export { SqlDedupStore, type SqlDedupStoreOptions } from "../kafka/dedup.js";
export { sqliteExecutor, type SqlDialect, type SqlExecutor, type SqlParam } from "../kafka/sql.js";
