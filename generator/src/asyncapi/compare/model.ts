import { joinPointer, parsePointer } from "../../core/json-pointer.js";
import type { TopicModel } from "../model.js";
import { unwrapSchema } from "../schema-format.js";
import { channelTopic } from "../topic-binding.js";
import { asRecord, type DocumentSet, type Located } from "../../source/document-set.js";

export type Action = "send" | "receive";

export interface MessageModel {
  id: string;
  pointer: string;
  payload?: Located;
  headers?: Located;
  key?: Located;
  /** `x-concord-key`: the payload property that becomes the record key. */
  keyProperty?: string;
  /** What this application does with the message, from the operations. */
  actions: Set<Action>;
}

export interface ChannelModel {
  id: string;
  address: string;
  pointer: string;
  compatibility?: string;
  /** The topic as `concord generate` reads the binding (a missing `partitions` is 1 in both). */
  topic: TopicModel;
  messages: Map<string, MessageModel>;
}

/** The channels and messages of an AsyncAPI 2.6 or 3.x document, with directions from its operations. */
export function readAsyncApi(docs: DocumentSet, file: string): Map<string, ChannelModel> {
  const root = asRecord(docs.load(file));
  const version = String(root["asyncapi"] ?? "");
  return version.startsWith("2.") ? readV2(docs, file, root) : readV3(docs, file, root);
}

function readV3(docs: DocumentSet, file: string, root: Record<string, unknown>): Map<string, ChannelModel> {
  const channels = new Map<string, ChannelModel>();
  for (const [id, raw] of Object.entries(asRecord(root["channels"]))) {
    const channel = docs.resolve({ node: raw, file });
    const node = asRecord(channel.node);
    const pointer = joinPointer("/channels", id);
    // A 3.x channel without an address is a topic named by its id, as `concord generate` names it.
    const model = channelModel(id, typeof node["address"] === "string" ? node["address"] : id, pointer, node, docs, channel.file);
    for (const [messageId, message] of Object.entries(asRecord(node["messages"]))) {
      model.messages.set(
        messageId,
        messageModel(messageId, joinPointer(pointer, "messages", messageId), { node: message, file: channel.file }, docs),
      );
    }
    channels.set(id, model);
  }
  for (const rawOperation of Object.values(asRecord(root["operations"]))) {
    const operation = asRecord(docs.resolve({ node: rawOperation, file }).node);
    const action = operation["action"];
    if (action !== "send" && action !== "receive") continue;
    const channelId = refName(asRecord(operation["channel"])["$ref"], "channels");
    const channel = channelId === undefined ? undefined : channels.get(channelId);
    if (!channel) continue;
    const listed = Array.isArray(operation["messages"]) ? operation["messages"] : undefined;
    const ids = listed ? listed.map((m) => refName(asRecord(m)["$ref"], "messages")) : [...channel.messages.keys()];
    for (const id of ids) if (id !== undefined) channel.messages.get(id)?.actions.add(action);
  }
  return channels;
}

function readV2(docs: DocumentSet, file: string, root: Record<string, unknown>): Map<string, ChannelModel> {
  const channels = new Map<string, ChannelModel>();
  for (const [address, raw] of Object.entries(asRecord(root["channels"]))) {
    const channel = docs.resolve({ node: raw, file });
    const node = asRecord(channel.node);
    const pointer = joinPointer("/channels", address);
    const model = channelModel(address, address, pointer, node, docs, channel.file);
    // In 2.x, `subscribe` describes what the application sends, `publish` what it receives.
    for (const [verb, action] of [
      ["subscribe", "send"],
      ["publish", "receive"],
    ] as const) {
      const operation = asRecord(docs.resolve({ node: node[verb], file: channel.file }).node);
      if (operation["message"] === undefined) continue;
      const message = docs.resolve({ node: operation["message"], file: channel.file });
      const variants = Array.isArray(asRecord(message.node)["oneOf"])
        ? (asRecord(message.node)["oneOf"] as unknown[])
        : [operation["message"]];
      variants.forEach((variant, index) => {
        const resolved = docs.resolve({ node: variant, file: message.file });
        const body = asRecord(resolved.node);
        const id = String(body["messageId"] ?? body["name"] ?? refName(asRecord(variant)["$ref"], "messages") ?? `${verb}#${index}`);
        const at = joinPointer(pointer, verb, "message", ...(variants.length > 1 ? ["oneOf", index] : []));
        const model2 = model.messages.get(id) ?? messageModel(id, at, resolved, docs);
        model2.actions.add(action);
        model.messages.set(id, model2);
      });
    }
    channels.set(address, model);
  }
  return channels;
}

function channelModel(
  id: string,
  address: string,
  pointer: string,
  node: Record<string, unknown>,
  docs: DocumentSet,
  file: string,
): ChannelModel {
  const kafka = docs.resolve({ node: asRecord(node["bindings"])["kafka"], file }).node;
  const model: ChannelModel = { id, address, pointer, topic: channelTopic(address, kafka), messages: new Map() };
  const compatibility = node["x-concord-compatibility"];
  if (typeof compatibility === "string") model.compatibility = compatibility.toUpperCase();
  return model;
}

function messageModel(id: string, pointer: string, located: Located, docs: DocumentSet): MessageModel {
  const resolved = docs.resolve(located);
  const body = asRecord(resolved.node);
  const model: MessageModel = { id, pointer, actions: new Set() };
  if (body["payload"] !== undefined) model.payload = { node: unwrapSchema(body["payload"]).schema, file: resolved.file };
  if (body["headers"] !== undefined) model.headers = { node: body["headers"], file: resolved.file };
  const kafka = asRecord(docs.resolve({ node: asRecord(body["bindings"])["kafka"], file: resolved.file }).node);
  if (kafka["key"] !== undefined) model.key = { node: kafka["key"], file: resolved.file };
  if (typeof body["x-concord-key"] === "string") model.keyProperty = body["x-concord-key"];
  return model;
}

/** `#/channels/orders` → `orders`; `#/channels/orders/messages/Created` with `messages` → `Created`. */
function refName(ref: unknown, section: "channels" | "messages"): string | undefined {
  if (typeof ref !== "string") return undefined;
  const hash = ref.indexOf("#");
  const tokens = hash === -1 ? [] : (parsePointer(ref.slice(hash)) ?? []);
  const at = tokens.lastIndexOf(section);
  return at === -1 ? tokens[tokens.length - 1] : tokens[at + 1];
}
