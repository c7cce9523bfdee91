/** The outbox and consumer dedup stores on PostgreSQL through a `pg` pool the service owns. */
export { PostgresDedupStore } from "../kafka/dedup.js";
export { PostgresOutboxStore } from "../kafka/outbox-postgres.js";
