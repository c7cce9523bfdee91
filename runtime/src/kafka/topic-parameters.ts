/**
 * Topics named by channel parameters (`smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured`):
 * the topic spec holds the template, and each send or subscription names its values.
 */
import type { MessageSpec, TopicSpec } from "./types.js";

/** A value that Kafka allows in a topic name and that cannot run into the template's dots. */
const TOPIC_PART = "[A-Za-z0-9_-]+";
const WHOLE_TOPIC_PART = new RegExp(`^${TOPIC_PART}$`);

export class TopicParameterError extends Error {
  override readonly name = "TopicParameterError";
}

/** The concrete topic for `values`: every parameter given, allowed by its `enum` or `pattern`, made of topic characters. */
export function topicFor(topic: TopicSpec, values: Readonly<Record<string, string>>): TopicSpec {
  const parameters = topic.parameters;
  if (!parameters) return topic;
  const name = topic.name.replace(/\{([^}]+)\}/g, (_, parameter: string) => {
    const value = values[parameter];
    const rule = parameters[parameter] ?? {};
    const where = `parameter ${parameter} of ${topic.name}`;
    if (typeof value !== "string" || value === "") throw new TopicParameterError(`${where}: no value given`);
    if (!WHOLE_TOPIC_PART.test(value))
      throw new TopicParameterError(`${where}: ${JSON.stringify(value)} has characters a topic name cannot hold (A-Z a-z 0-9 _ -)`);
    if (rule.enum && !rule.enum.includes(value))
      throw new TopicParameterError(`${where}: ${JSON.stringify(value)} is not one of ${rule.enum.join(", ")}`);
    if (rule.pattern !== undefined && !new RegExp(rule.pattern, "u").test(value)) {
      throw new TopicParameterError(`${where}: ${JSON.stringify(value)} does not match ${rule.pattern}`);
    }
    return value;
  });
  const { parameters: _template, ...concrete } = topic;
  return { ...concrete, name };
}

/** `spec` on the concrete topic for `values`: what a producer sends with, or a consumer binds. */
export function onTopic<Payload>(spec: MessageSpec<Payload>, values: Readonly<Record<string, string>>): MessageSpec<Payload> {
  return { ...spec, topic: topicFor(spec.topic, values) };
}

/** The parameter values a concrete topic name carries under `topic`'s template, or undefined when it is not one of its topics. */
export function topicParameters(topic: TopicSpec, name: string): Record<string, string> | undefined {
  if (!topic.parameters) return name === topic.name ? {} : undefined;
  const names: string[] = [];
  const pattern = topic.name
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const parameter = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (parameter === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(parameter);
      return `(${TOPIC_PART})`;
    })
    .join("");
  const match = new RegExp(`^${pattern}$`).exec(name);
  return match ? Object.fromEntries(names.map((parameter, index) => [parameter, match[index + 1]!])) : undefined;
}
