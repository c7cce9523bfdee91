import type { ContractProblem } from "../core/contract-error.js";
import type { ChannelModel, JsonSchema, MessageModel, NamedSchema, TopicModel } from "./model.js";
import { pascalCase, UniqueNames } from "../core/names.js";
import { canonicalJson, collectNamedSchemas, isObject, schemaTypeName } from "../schema/json-schema.js";

/**
 * The rules for channels that several documents share: one topic, one schema per message name,
 * one schema per title. Each broken rule adds an `asyncapi-conflict` problem.
 */

export interface MutableChannel {
  address: string;
  parameters: ChannelModel["parameters"];
  description?: string;
  topic: TopicModel;
  messages: Map<string, MessageModel>;
  sources: Set<string>;
}

export function mergeChannel(into: Map<string, MutableChannel>, channel: ChannelModel, source: string, problems: ContractProblem[]): void {
  const existing = into.get(channel.address);
  if (!existing) {
    into.set(channel.address, {
      ...channel,
      messages: new Map(channel.messages.map((m) => [m.name, m])),
      sources: new Set([source]),
    });
    return;
  }
  existing.sources.add(source);
  if (canonicalJson(existing.topic) !== canonicalJson(channel.topic)) {
    problems.push(conflict(source, `channel ${channel.address}`, "its Kafka bindings differ from another document's"));
  }
  for (const message of channel.messages) {
    const known = existing.messages.get(message.name);
    if (!known) existing.messages.set(message.name, message);
    else if (canonicalJson(without(known, TITLE)) !== canonicalJson(without(message, TITLE))) {
      problems.push(
        conflict(source, `channel ${channel.address} / message ${message.name}`, "differs from the same message in another document"),
      );
    } else if (countTitles(message) > countTitles(known)) {
      // Reached through another file, a `components/schemas` entry loses its name; keep the named copy.
      existing.messages.set(message.name, message);
    }
  }
}

/** `value` without the keys in `dropped`, at any depth: what two schemas are compared by. */
function without(value: unknown, dropped: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => without(item, dropped));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !dropped.has(key))
      .map(([key, item]) => [key, without(item, dropped)]),
  );
}

const TITLE = new Set(["title"]);
/** What only annotates a schema: copies that differ in these alone are one named type. */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "$comment"]);

function countTitles(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countTitles(item), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce((sum, [key, item]) => sum + (key === "title" ? 1 : 0) + countTitles(item), 0);
}

/**
 * Names across channels. One message on several channels (the same content each time, as a
 * `$ref` to `components/messages` gives) is one set of types, shared; different messages that
 * carry one name are told apart by their channel's address (`OrdersCreatedEvent`, `OrdersPaidEvent`).
 */
export function nameMessages(channels: readonly ChannelModel[]): { channels: ChannelModel[]; shared: MessageModel[] } {
  const uses = new Map<string, { address: string; message: MessageModel }[]>();
  for (const channel of channels) {
    for (const message of channel.messages) {
      uses.set(message.name, [...(uses.get(message.name) ?? []), { address: channel.address, message }]);
    }
  }
  const short = shortNames([...uses.keys()]);
  const renamed = new Map<MessageModel, MessageModel>();
  const shared: MessageModel[] = [];
  for (const [name, list] of uses) {
    const typeName = short.get(name) ?? name;
    const first = list.length > 1 ? canonicalJson(without(list[0]!.message, TITLE)) : undefined;
    if (first !== undefined && list.every(({ message }) => canonicalJson(without(message, TITLE)) === first)) {
      const richest = list.reduce((a, b) => (countTitles(b.message) > countTitles(a.message) ? b : a)).message;
      const one = { ...richest, typeName, shared: true };
      shared.push(one);
      for (const { message } of list) renamed.set(message, one);
    } else if (list.length > 1) {
      for (const { address, message } of list)
        renamed.set(message, { ...message, typeName: `${pascalCase(address)}${pascalCase(typeName)}` });
    } else if (typeName !== name) {
      renamed.set(list[0]!.message, { ...list[0]!.message, typeName });
    }
  }
  return {
    channels: channels.map((channel) => ({ ...channel, messages: channel.messages.map((m) => renamed.get(m) ?? m) })),
    shared: shared.sort(byName),
  };
}

/**
 * Java-style qualified names, as springwolf names messages
 * (`io.github.springwolf.examples.kafka.dtos.NestedPayloadDto`), shortened to the class name
 * (`NestedPayloadDto`, `ExamplePayloadProtobufDto.Message`); where two shorten alike, each keeps
 * as many package segments as tell it apart (`avro.AnotherPayloadDto`, `dtos.AnotherPayloadDto`).
 */
export function shortNames(names: readonly string[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  const keep = new Map<string, number>();
  for (const name of names) {
    const segments = name.split(".");
    const firstClass = segments.findIndex((segment) => /^[A-Z]/.test(segment));
    if (segments.length < 2 || firstClass <= 0 || !segments.slice(0, firstClass).every((s) => /^[a-z][a-z0-9_]*$/.test(s))) continue;
    parts.set(name, segments);
    keep.set(name, segments.length - firstClass);
  }
  const shortOf = (name: string) => parts.get(name)!.slice(-keep.get(name)!).join(".");
  for (let changed = true; changed; ) {
    changed = false;
    const taken = new Map<string, string[]>();
    for (const name of names) {
      const short = parts.has(name) ? shortOf(name) : name;
      taken.set(short.toLowerCase(), [...(taken.get(short.toLowerCase()) ?? []), name]);
    }
    for (const clash of taken.values()) {
      if (clash.length < 2) continue;
      for (const name of clash) {
        const segments = parts.get(name);
        if (segments && keep.get(name)! < segments.length) {
          keep.set(name, keep.get(name)! + 1);
          changed = true;
        }
      }
    }
  }
  return new Map([...parts.keys()].map((name) => [name, shortOf(name)]));
}

/**
 * The titled schemas, once each, as named types. Copies that differ only in annotations
 * (`description`, `examples`) are one type; schemas that really differ but carry one title (as
 * springwolf's `ExampleEnum` with and without `UNRECOGNIZED`) are numbered: the first keeps the
 * title, the next is `ExampleEnum2`, and its title is rewritten in place so every reference to it
 * names the new type. A message whose payload is a titled schema of its own name is that named
 * type (`payloadNamed`: its types go to `types.ts`); a different schema of a message's name is numbered.
 */
export function findNamedSchemas(channels: readonly ChannelModel[]): { named: NamedSchema[]; payloadNamed: Set<string> } {
  const found = new Map<string, JsonSchema[]>();
  const payloads = new Map<string, JsonSchema>();
  for (const channel of channels) {
    for (const message of channel.messages) {
      payloads.set(message.typeName, message.payload);
      const here = new Map<string, JsonSchema[]>();
      collectNamedSchemas(message.payload, here);
      // Header and key schemas are named by their title at the root too (the payload by the message).
      for (const schema of [message.headers, message.key?.schema]) {
        if (schema === undefined) continue;
        const name = schemaTypeName(schema);
        if (name) here.set(name, [...(here.get(name) ?? []), schema]);
        collectNamedSchemas(schema, here);
      }
      for (const [name, variants] of here) found.set(name, [...(found.get(name) ?? []), ...variants]);
    }
  }
  const taken = new UniqueNames([...found.keys(), ...payloads.keys()]);
  const named: NamedSchema[] = [];
  const payloadNamed = new Set<string>();
  for (const [name, variants] of [...found.entries()].sort(([a], [b]) => compare(a, b))) {
    const forms = new Map<string, JsonSchema[]>();
    for (const variant of variants) {
      const form = canonicalJson(without(variant, ANNOTATIONS));
      forms.set(form, [...(forms.get(form) ?? []), variant]);
    }
    const payload = payloads.get(name);
    const payloadForm = payload === undefined ? undefined : canonicalJson(without(payload, ANNOTATIONS));
    let first = true;
    for (const [form, copies] of forms) {
      if (form === payloadForm) {
        payloadNamed.add(name);
        continue;
      }
      const title = first && payload === undefined ? name : taken.claim(name);
      first = false;
      // The model's schemas are this build's own copies (cleanSchema), so renaming in place is safe.
      for (const copy of copies) if (typeof copy === "object") (copy as Record<string, unknown>)["title"] = title;
      named.push({ name: title, schema: copies[0]! });
    }
  }
  return { named: named.sort(byName), payloadNamed };
}

/** Messages whose payload is a named type of their name become shared: their types go to `types.ts`. */
export function shareNamedPayloads(
  named: { channels: ChannelModel[]; shared: MessageModel[] },
  payloadNamed: ReadonlySet<string>,
): { channels: ChannelModel[]; shared: MessageModel[] } {
  if (payloadNamed.size === 0) return named;
  const shared = new Map(named.shared.map((m) => [m.typeName, m]));
  const channels = named.channels.map((channel) => ({
    ...channel,
    messages: channel.messages.map((message) => {
      if (!payloadNamed.has(message.typeName) || message.shared) return message;
      const one = shared.get(message.typeName) ?? { ...message, shared: true };
      shared.set(message.typeName, one);
      return one;
    }),
  }));
  return { channels, shared: [...shared.values()].sort((a, b) => compare(a.typeName, b.typeName)) };
}

function conflict(file: string, path: string, message: string): ContractProblem {
  return { file, path, rule: "asyncapi-conflict", message };
}

export function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
