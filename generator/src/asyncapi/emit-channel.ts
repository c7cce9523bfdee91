import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile } from "../core/ts-file.js";
import type { ChannelModel, MessageModel } from "./model.js";
import { channelFile, EMITTER, messageConst, payloadType, TYPES_FILE, topicConst, validatorFile, validatorName } from "./paths.js";
import type { TypeContext } from "../schema/ts-type.js";
import { printMessageTypes, reexportMessageTypes } from "./emit-message-types.js";
import { runtime } from "../core/runtime-symbols.js";

/**
 * One module per channel: the topic spec from its Kafka bindings, and per message the payload,
 * key and header types and the `MessageSpec` the runtime sends and receives with.
 */
export function emitChannel(channel: ChannelModel): GeneratedFile {
  const file = new TsFile(channelFile(channel), generatedHeader(EMITTER, channel.sources.join(", ")));
  const ctx: TypeContext = { file, namedTypesModule: TYPES_FILE };
  printTopic(file, channel);
  for (const message of channel.messages) {
    file.print();
    if (message.shared) reexportMessageTypes(file, message);
    else printMessageTypes(file, ctx, message);
    file.print();
    printMessageSpec(file, channel, message);
  }
  return file.toFile();
}

function printTopic(file: TsFile, channel: ChannelModel): void {
  const topic = channel.topic;
  file.jsdoc(channel.description);
  file.print("export const ", topicConst(channel), ": ", runtime.kafka.TopicSpec, " = {");
  file.print(`  name: ${JSON.stringify(topic.name)},`);
  file.print(`  partitions: ${topic.partitions},`);
  file.print(`  replicas: ${topic.replicas},`);
  if (topic.cleanupPolicy) file.print(`  cleanupPolicy: ${JSON.stringify(topic.cleanupPolicy)},`);
  if (topic.retentionMs !== undefined) file.print(`  retentionMs: ${topic.retentionMs},`);
  file.print("};");
}

function printMessageSpec(file: TsFile, channel: ChannelModel, message: MessageModel): void {
  const keyedBy = message.key ? `, keyed by \`${message.key.property}\`` : "";
  file.print(`/** ${message.name} on \`${channel.topic.name}\`${keyedBy}. */`);
  const spec = runtime.kafka.MessageSpec;
  const payload = message.shared ? file.importType(payloadType(message), TYPES_FILE) : payloadType(message);
  file.print("export const ", messageConst(message), ": ", spec, "<", payload, "> = {");
  file.print(`  name: ${JSON.stringify(message.name)},`);
  file.print(`  topic: ${topicConst(channel)},`);
  file.print(`  contentType: ${JSON.stringify(message.contentType)},`);
  file.print("  validate: ", file.import(validatorName(message), validatorFile(channel)), ",");
  file.print(`  key: ${keyFunction(message)},`);
  file.print("};");
}

function keyFunction(message: MessageModel): string {
  const key = message.key;
  if (!key) return "() => undefined";
  const access = `payload${/^[A-Za-z_$][\w$]*$/.test(key.property) ? `.${key.property}` : `[${JSON.stringify(key.property)}]`}`;
  return key.required ? `(payload) => String(${access})` : `(payload) => (${access} === undefined ? undefined : String(${access}))`;
}
