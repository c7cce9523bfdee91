import { basename, extname } from "node:path";
import type { AsyncAPIDocumentInterface, ChannelInterface, MessageInterface, OperationInterface } from "@asyncapi/parser";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import type { LoadedDocument } from "./load.js";
import { byName, compare, findNamedSchemas, mergeChannel, nameMessages, shareNamedPayloads, type MutableChannel } from "./merge.js";
import type {
  AsyncApiModel,
  ChannelModel,
  ChannelParameterModel,
  DocumentModel,
  JsonSchema,
  MessageKey,
  MessageModel,
  OperationModel,
} from "./model.js";
import { camelCase, UniqueNames } from "../core/names.js";
import { isObject } from "../schema/json-schema.js";
import { cleanSchema } from "./schema.js";
import { payloadSchema } from "./schema-format.js";
import { channelTopic } from "./topic-binding.js";

/** Turns parsed documents into the model; channels used by several documents are merged by address. */
export function buildModel(loaded: readonly LoadedDocument[]): AsyncApiModel {
  const problems: ContractProblem[] = [];
  const channels = new Map<string, MutableChannel>();
  const documents: DocumentModel[] = [];
  for (const { source, document } of loaded) {
    const messageName = messageNamer(document);
    for (const channel of document.channels()) {
      mergeChannel(channels, readChannel(channel, document, source, messageName, problems), source, problems);
    }
    const model = readDocument(document, source, messageName);
    for (const operation of model.operations) {
      if (operation.reply && operation.reply.messages.length === 0) {
        problems.push({
          file: source,
          path: `/operations/${operation.id}/reply`,
          rule: "asyncapi-reply",
          message: "a reply must carry a message: its channel has none",
        });
      }
    }
    documents.push(model);
  }
  const merged = [...channels.values()]
    .map((c) => ({ ...c, messages: [...c.messages.values()].sort(byName), sources: [...c.sources].sort() }))
    .sort((a, b) => compare(a.address, b.address));
  const named = nameMessages(merged);
  const { named: namedSchemas, payloadNamed } = findNamedSchemas(named.channels);
  if (problems.length > 0) throw new ContractError(problems);
  const { channels: channelList, shared: sharedMessages } = shareNamedPayloads(named, payloadNamed);
  return {
    channels: channelList,
    documents: [...documents].sort((a, b) => compare(a.source, b.source)),
    namedSchemas,
    sharedMessages,
  };
}
function readChannel(
  channel: ChannelInterface,
  document: AsyncAPIDocumentInterface,
  source: string,
  messageName: MessageNamer,
  problems: ContractProblem[],
): ChannelModel {
  const address = channel.address() ?? channel.id();
  const messages = channel
    .messages()
    .all()
    .map((m) => readMessage(m, messageName(m), document, source, address, problems));
  return {
    address,
    parameters: readParameters(channel, address),
    ...optional("description", channel.description()),
    topic: channelTopic(address, channel.bindings().get("kafka")?.value()),
    messages,
    sources: [source],
  };
}

function readMessage(
  message: MessageInterface,
  name: string,
  document: AsyncAPIDocumentInterface,
  source: string,
  address: string,
  problems: ContractProblem[],
): MessageModel {
  const where = `channel ${address} / message ${name}`;
  const payload = readSchema(message.hasPayload() ? message.payload()?.json() : {}, message, source, where, problems) ?? {};
  const key = readKey(message, payload);
  if (key instanceof Error) {
    problems.push({ file: source, path: `channel ${address} / message ${name}`, rule: "asyncapi-message-key", message: key.message });
  }
  const headers = message.hasHeaders() ? readSchema(message.headers()?.json(), message, source, where, problems) : undefined;
  const correlation = correlationProperty(message.correlationId()?.location(), payload);
  if (correlation instanceof Error) {
    problems.push({
      file: source,
      path: `channel ${address} / message ${name}`,
      rule: "asyncapi-correlation-id",
      message: correlation.message,
    });
  }
  return {
    name,
    typeName: name,
    shared: false,
    ...optional("title", message.title()),
    ...optional("description", message.description() ?? message.summary()),
    contentType: message.contentType() ?? document.defaultContentType() ?? "application/json",
    payload,
    ...(key instanceof Error || key === undefined ? {} : { key }),
    ...(headers === undefined ? {} : { headers }),
    ...(typeof correlation === "string" ? { correlationProperty: correlation } : {}),
  };
}

/** The `{name}`s of `address` in order, each with what the channel declares of it (a string when nothing). */
function readParameters(channel: ChannelInterface, address: string): ChannelParameterModel[] {
  const declared = new Map(
    channel
      .parameters()
      .all()
      .map((p) => [p.id(), p]),
  );
  const names = [...new Set([...address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!))];
  return names.map((name) => {
    const parameter = declared.get(name);
    const schema = parameter?.schema()?.json();
    return {
      name,
      ...optional("description", parameter?.description()),
      schema: isObject(schema) ? cleanSchema(schema) : { type: "string" },
    };
  });
}

/** A payload or header schema in the message's format as JSON Schema; undefined (and a problem) for a format Concord cannot type. */
function readSchema(
  raw: unknown,
  message: MessageInterface,
  source: string,
  where: string,
  problems: ContractProblem[],
): JsonSchema | undefined {
  const schema = payloadSchema(raw, message.schemaFormat());
  if (!(schema instanceof Error)) return schema;
  problems.push({ file: source, path: where, rule: "asyncapi-schema-format", message: schema.message });
  return undefined;
}

/**
 * `$message.payload#/requestId` → `requestId`; a header location (or none) → undefined. The
 * property may be any scalar (a string, or an integer such as Kraken's `reqid`): the header
 * carries its text. An object or array has no one text form, so it is refused.
 */
function correlationProperty(location: string | undefined, payload: JsonSchema): string | Error | undefined {
  const match = location ? /^\$message\.payload#\/([^/]+)$/.exec(location) : null;
  if (!match?.[1]) return undefined;
  const properties = isObject(payload) ? payload["properties"] : undefined;
  const property = isObject(properties) ? properties[match[1]] : undefined;
  if (!isObject(property)) return new Error(`correlationId points at ${match[1]}, which the payload does not declare`);
  const types = Array.isArray(property["type"]) ? property["type"] : [property["type"]];
  if (types.some((type) => type === "object" || type === "array")) {
    return new Error(
      `correlationId points at ${match[1]}, an ${String(types.find((t) => t === "object" || t === "array"))}: it needs a string, number or boolean property`,
    );
  }
  return match[1];
}

type MessageNamer = (message: MessageInterface) => string;

/**
 * The name of each message: its `name` (or 2.x `messageId`, or 3.x key); for a message the
 * contract leaves unnamed (the parser's `<anonymous-message-3>`), its operation's id, numbered
 * when the operation carries several, else its channel's: `requestSum`, `subscribe2`,
 * `lightsMessage`. Never the parser's counter, which shifts as the document changes.
 */
function messageNamer(document: AsyncAPIDocumentInterface): MessageNamer {
  const anonymous = (m: MessageInterface) => m.name() === undefined && (m.id() ?? "<").startsWith("<");
  // Keyed by the message's own object: the same message reached from its channel and its operation.
  const named = new Map<unknown, string>();
  const taken = new UniqueNames(
    document
      .allMessages()
      .all()
      .flatMap((m) => (anonymous(m) ? [] : [m.name() ?? m.id()])),
  );
  const nameAll = (messages: MessageInterface[], stem: string) => {
    messages.forEach((m, index) => {
      if (!named.has(m.json())) named.set(m.json(), taken.claim(camelCase(messages.length > 1 ? `${stem} ${index + 1}` : stem)));
    });
  };
  for (const operation of document.operations().all()) {
    const channel = operation.channels().all()[0];
    const id = operation.id();
    const stem = id && !id.startsWith("<") ? id : `${operation.action()} ${channel?.id() ?? ""}`;
    nameAll(operation.messages().all().filter(anonymous), stem);
  }
  for (const channel of document.channels().all()) nameAll(channel.messages().all().filter(anonymous), `${channel.id()} message`);
  return (message) => (anonymous(message) ? (named.get(message.json()) ?? "message") : (message.name() ?? message.id()));
}

/** `x-concord-key: $message.payload#/orderId` names the payload property that becomes the record key. */
function readKey(message: MessageInterface, payload: JsonSchema): MessageKey | Error | undefined {
  const expression = message.extensions().get("x-concord-key")?.value<unknown>();
  if (expression === undefined) return undefined;
  const match = typeof expression === "string" ? /^\$message\.payload#\/([^/]+)$/.exec(expression) : null;
  if (!match?.[1]) return new Error(`x-concord-key must look like $message.payload#/<property>, got ${JSON.stringify(expression)}`);
  const property = match[1];
  const properties = isObject(payload) ? payload["properties"] : undefined;
  if (!isObject(properties) || !(property in properties)) {
    return new Error(`x-concord-key names ${property}, which the payload does not have`);
  }
  const required = isObject(payload) && Array.isArray(payload["required"]) && payload["required"].includes(property);
  const binding = message.bindings().get("kafka")?.value<Record<string, unknown>>();
  const schema = isObject(binding) && binding["key"] !== undefined ? cleanSchema(binding["key"]) : undefined;
  return { property, required, ...(schema === undefined ? {} : { schema }) };
}

function readDocument(document: AsyncAPIDocumentInterface, source: string, messageName: MessageNamer): DocumentModel {
  const info = document.info();
  return {
    source,
    name: basename(source, extname(source)),
    title: info.title(),
    ...optional("description", info.description()),
    operations: document
      .operations()
      .all()
      .map((operation) => readOperation(operation, messageName)),
  };
}

function readOperation(operation: OperationInterface, messageName: MessageNamer): OperationModel {
  const channel = operation.channels().all()[0];
  const address = channel ? (channel.address() ?? channel.id()) : "";
  const own = operation.messages().all().map(messageName);
  const messages = own.length > 0 ? own : (channel?.messages().all().map(messageName) ?? []);
  const reply = operation.reply();
  const replyChannel = reply?.channel();
  const groupId = readGroupId(operation.bindings().get("kafka")?.value());
  return {
    id: operationName(operation, address),
    action: operation.isSend() ? "send" : "receive",
    ...optional("description", operation.summary() ?? operation.description()),
    channel: address,
    messages,
    ...optional("groupId", groupId),
    ...(replyChannel
      ? {
          reply: {
            channel: replyChannel.address() ?? replyChannel.id(),
            messages: replyMessages(reply?.messages().all() ?? [], replyChannel, messageName),
          },
        }
      : {}),
  };
}

/** A reply that lists no messages carries its channel's. */
function replyMessages(listed: readonly MessageInterface[], channel: ChannelInterface, messageName: MessageNamer): string[] {
  return (listed.length > 0 ? listed : channel.messages().all()).map(messageName);
}

function operationName(operation: OperationInterface, address: string): string {
  const id = operation.id();
  if (id && !id.startsWith("<")) return id;
  return `${operation.isSend() ? "send" : "on"} ${address}`;
}

/** The binding's `groupId` is a schema; its `const` or single `enum` value is the group. */
function readGroupId(binding: unknown): string | undefined {
  if (!isObject(binding) || !isObject(binding["groupId"])) return undefined;
  const schema = binding["groupId"];
  if (typeof schema["const"] === "string") return schema["const"];
  const values = schema["enum"];
  return Array.isArray(values) && typeof values[0] === "string" ? values[0] : undefined;
}
function optional<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
