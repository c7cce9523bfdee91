import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile } from "../core/ts-file.js";
import type { ChannelModel, MessageModel } from "./model.js";
import {
  channelFile,
  EMITTER,
  messageConst,
  parametersType,
  payloadType,
  TYPES_FILE,
  topicConst,
  validatorFile,
  validatorName,
} from "./paths.js";
import { propertyKey } from "../core/names.js";
import { isObject, type JsonSchema } from "../schema/json-schema.js";
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
  printParameters(file, channel);
  file.jsdoc(
    [
      channel.description,
      channel.parameters.length > 0 ? `A topic per value of its parameters: send and read with \`onTopic(spec, parameters)\`.` : undefined,
    ]
      .filter(Boolean)
      .join("\n\n"),
  );
  file.print("export const ", topicConst(channel), ": ", runtime.kafka.TopicSpec, " = {");
  file.print(`  name: ${JSON.stringify(topic.name)},`);
  file.print(`  partitions: ${topic.partitions},`);
  file.print(`  replicas: ${topic.replicas},`);
  if (topic.cleanupPolicy) file.print(`  cleanupPolicy: ${JSON.stringify(topic.cleanupPolicy)},`);
  if (topic.retentionMs !== undefined) file.print(`  retentionMs: ${topic.retentionMs},`);
  if (channel.parameters.length > 0) {
    file.print("  parameters: {");
    for (const parameter of channel.parameters)
      file.print(`    ${propertyKey(parameter.name)}: ${JSON.stringify(parameterRule(parameter.schema))},`);
    file.print("  },");
  }
  file.print("};");
}

/** `export type …Parameters = { streetlightId: string }`: a type alias, so it is a `Record<string, string>` too. */
function printParameters(file: TsFile, channel: ChannelModel): void {
  if (channel.parameters.length === 0) return;
  file.print(`/** The parameters of \`${channel.address}\`: each set of values names a topic of its own. */`);
  file.print(`export type ${parametersType(channel)} = {`);
  for (const parameter of channel.parameters) {
    file.jsdoc(parameter.description, "  ");
    const values = stringEnum(parameter.schema);
    file.print(`  ${propertyKey(parameter.name)}: ${values ? values.map((v) => JSON.stringify(v)).join(" | ") : "string"};`);
  }
  file.print("};");
  file.print();
}

/** What the runtime checks of a value: the schema's string `enum`, or its `pattern`. */
function parameterRule(schema: JsonSchema): { enum?: string[]; pattern?: string } {
  const values = stringEnum(schema);
  if (values) return { enum: values };
  return isObject(schema) && typeof schema["pattern"] === "string" ? { pattern: schema["pattern"] } : {};
}

function stringEnum(schema: JsonSchema): string[] | undefined {
  const values = isObject(schema) ? schema["enum"] : undefined;
  return Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === "string") ? values : undefined;
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
