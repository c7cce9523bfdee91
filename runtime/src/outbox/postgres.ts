/** The outbox and consumer dedup stores on PostgreSQL through a `pg` pool the service owns. */
export { PostgresDedupStore, PostgresOutboxStore, postgresExecutor } from "../kafka/postgres.js";
