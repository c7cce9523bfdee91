/**
 * Kafka producers and consumers for generated topic bindings (kafkajs underneath): validation on
 * both sides, retries within a time budget, dead-letter topics and their replay, request/reply,
 * topic provisioning from the contract, waiting for a broker to serve, handlers that run in their
 * record's trace.
 */
export type { Admin, Kafka, KafkaConfig, SASLOptions } from "kafkajs";
export { createKafka } from "./kafka-client.js";
export { waitForKafka } from "./kafka-ready.js";
export { runConsumerGroups, type ConsumerGroupsOptions } from "./consumer-groups.js";
export { bindHandler, consumerDefaults, runConsumer, type ConsumerOptions, type RunningConsumer } from "./consumer.js";
export type { ConsumerCrash, ConsumerHealth } from "./consumer-supervisor.js";
export { replayDeadLetters, type ReplayedRecord, type ReplayOptions, type ReplayReport } from "./dead-letter-replay.js";
export { deadLetterTopic, type DeadLetterReason } from "./dead-letter.js";
export type { AnyHandlerBinding } from "./decode.js";
export { InMemoryDedupStore } from "./dedup.js";
export {
  HandlerBudgetExceededError,
  MessageValidationError,
  PartitionLostError,
  RequestTimeoutError,
  StoppedError,
  UndecodableMessageError,
  isRetriableKafkaError,
} from "./errors.js";
export { defaultHandlerRetry, type HandlerRetry } from "./handler-retry.js";
export { headerNames, readHeaders } from "./headers.js";
export { createProducer, type BatchItem, type ConcordProducer, type ProducerOptions, type SentMessage } from "./producer.js";
export { provisionTopics, waitUntilServing, type ProvisionOptions, type ProvisionReport } from "./provision.js";
export { encodeMessage, messageIdOf, type OutgoingRecord } from "./record.js";
export { replyWith, type ReplySpecs } from "./reply-handler.js";
export { onTopic, TopicParameterError, topicFor, topicParameters } from "./topic-parameters.js";
export { tracedHandlers } from "./traced-handlers.js";
export {
  createRequester,
  serveReplies,
  type Requester,
  type RequesterOptions,
  type RequestWait,
  type ResponderOptions,
} from "./request-reply.js";
export type {
  DedupStore,
  HandlerBinding,
  HeaderNames,
  MessageHandler,
  MessageSpec,
  ReceivedMessage,
  SendMetadata,
  TopicParameter,
  TopicSpec,
  ValidationResult,
} from "./types.js";
