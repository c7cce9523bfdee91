/** The transactional outbox: write a message with the business change, and a relay that sends it to Kafka. */
export { enqueueMessage, startOutboxRelay, type OutboxEntry, type OutboxRelay, type OutboxRelayOptions, type OutboxStore } from "../kafka/outbox.js";
