import { requirePeer } from "../peer.js";

type KafkaJs = typeof import("kafkajs");

/** kafkajs, loaded when the Kafka entry is first imported: a project without it gets one line naming it. */
export const kafkajs: KafkaJs = requirePeer<KafkaJs>("kafkajs", "^2.2.4", "@concordkit/runtime/kafka");
