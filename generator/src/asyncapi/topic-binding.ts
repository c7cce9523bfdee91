import type { TopicModel } from "./model.js";
import { isObject } from "../schema/json-schema.js";

/** A channel's Kafka binding (0.4/0.5) as a topic: name, partitions, replicas, cleanup, retention. */
export function channelTopic(address: string, binding: unknown): TopicModel {
  const value = isObject(binding) ? binding : {};
  const config = isObject(value["topicConfiguration"]) ? value["topicConfiguration"] : {};
  const cleanup = cleanupPolicy(config["cleanup.policy"]);
  const retention = config["retention.ms"];
  return {
    name: typeof value["topic"] === "string" ? value["topic"] : address,
    partitions: positiveInteger(value["partitions"]) ?? 1,
    replicas: positiveInteger(value["replicas"]) ?? 1,
    ...(cleanup ? { cleanupPolicy: cleanup } : {}),
    ...(typeof retention === "number" ? { retentionMs: retention } : {}),
  };
}

function cleanupPolicy(value: unknown): TopicModel["cleanupPolicy"] {
  const list = (Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : []).map((v) => String(v).trim());
  const compact = list.includes("compact");
  const del = list.includes("delete");
  if (compact && del) return "compact,delete";
  if (compact) return "compact";
  if (del) return "delete";
  return undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
