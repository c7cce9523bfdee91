import type { Kafka, KafkaConfig } from "kafkajs";
import { kafkajs } from "./peer.js";

/** A kafkajs client, made through the runtime so that a project without kafkajs is told what to install. */
export function createKafka(config: KafkaConfig): Kafka {
  return new kafkajs.Kafka(config);
}
