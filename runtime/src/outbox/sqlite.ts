/** Outbox and consumer dedup stores on node:sqlite: the embedded default, no server. */
export { SqliteDedupStore } from "../kafka/dedup.js";
export { SqliteOutboxStore } from "../kafka/outbox-sqlite.js";
