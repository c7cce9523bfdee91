/** The outbox store on PostgreSQL through a `pg` pool the service owns. */
export { PostgresOutboxStore } from "../kafka/outbox-postgres.js";
