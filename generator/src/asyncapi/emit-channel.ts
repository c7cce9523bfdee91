import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile, type Printable } from "../core/ts-file.js";
import type { ChannelModel, MessageModel } from "./model.js";
import { channelFile, EMITTER, messageConst, payloadType, TYPES_FILE, topicConst, validatorFile, validatorName } from "./paths.js";
import { isObjectSchema, objectBody, schemaType, type TypeContext } from "../schema/ts-type.js";
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
    printPayload(file, ctx, message);
    printKey(file, ctx, message);
    printHeaders(file, ctx, message);
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

function printPayload(file: TsFile, ctx: TypeContext, message: MessageModel): void {
  const description = typeof message.payload === "object" ? message.payload["description"] : undefined;
  const heading = message.title && message.title !== message.name ? message.title : undefined;
  file.jsdoc([heading, typeof description === "string" ? description : message.description].filter(Boolean).join("\n\n"));
  const name = payloadType(message);
  if (isObjectSchema(message.payload)) file.print("export interface ", name, " ", ...objectBody(message.payload, ctx));
  else file.print("export type ", name, " = ", ...schemaType(message.payload, ctx), ";");
}

function printKey(file: TsFile, ctx: TypeContext, message: MessageModel): void {
  const key = message.key;
  if (!key) return;
  file.print();
  file.print(
    `/** Record key of ${message.name}: its \`${key.property}\`, so one ${key.property}'s messages stay in order on one partition. */`,
  );
  const type: Printable[] = key.schema
    ? schemaType(key.schema, ctx, "", false)
    : [`${payloadType(message)}[${JSON.stringify(key.property)}]`];
  file.print("export type ", payloadType(message), "Key = ", ...type, ";");
}

function printHeaders(file: TsFile, ctx: TypeContext, message: MessageModel): void {
  if (message.headers === undefined) return;
  file.print();
  file.print(`/** Kafka headers of ${message.name} (the runtime fills in message id, traceparent, content type and name). */`);
  file.print("export type ", payloadType(message), "Headers = ", ...schemaType(message.headers, ctx, "", false), ";");
}

function printMessageSpec(file: TsFile, channel: ChannelModel, message: MessageModel): void {
  const keyedBy = message.key ? `, keyed by \`${message.key.property}\`` : "";
  file.print(`/** ${message.name} on \`${channel.topic.name}\`${keyedBy}. */`);
  const spec = runtime.kafka.MessageSpec;
  file.print("export const ", messageConst(message), ": ", spec, "<", payloadType(message), "> = {");
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
