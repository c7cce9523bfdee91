/**
 * The topic configs a contract sets (`cleanup.policy`, `retention.ms`), and bringing an existing
 * topic in line with them. Kafka's AlterConfigs (the only form kafkajs speaks) replaces all of a
 * topic's overrides at once, so the overrides already set are read first and kept.
 */
import type { Admin } from "kafkajs";
import { kafkajs } from "./peer.js";
import type { TopicSpec } from "./types.js";

const { ConfigResourceTypes, ConfigSource } = kafkajs;

export function contractConfigs(topic: TopicSpec): Record<string, string> {
  const configs: Record<string, string> = {};
  if (topic.cleanupPolicy) configs["cleanup.policy"] = topic.cleanupPolicy;
  if (topic.retentionMs !== undefined) configs["retention.ms"] = String(topic.retentionMs);
  return configs;
}

/** Updates the topics whose effective configs differ from the contract's; returns their names. */
export async function alignTopicConfigs(admin: Admin, topics: readonly TopicSpec[]): Promise<string[]> {
  const withConfigs = topics.filter((topic) => Object.keys(contractConfigs(topic)).length > 0);
  if (withConfigs.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: withConfigs.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name })),
  });
  const updated: string[] = [];
  for (const topic of withConfigs) {
    const entries = resources.find((resource) => resource.resourceName === topic.name)?.configEntries ?? [];
    const effective = new Map(entries.map((entry) => [entry.configName, entry.configValue]));
    const wanted = contractConfigs(topic);
    if (Object.entries(wanted).every(([name, value]) => effective.get(name) === value)) continue;
    const overrides = entries
      .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && !(entry.configName in wanted))
      .map((entry) => ({ name: entry.configName, value: entry.configValue }));
    const configEntries = [...overrides, ...Object.entries(wanted).map(([name, value]) => ({ name, value }))];
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic.name, configEntries }] });
    updated.push(topic.name);
  }
  return updated;
}
