import { camelCase, kebabCase, pascalCase } from "./names.js";
import type { ChannelModel, DocumentModel, MessageModel } from "./model.js";
import { runtimeEntry } from "../core/runtime-entries.js";

/** Output paths and exported names, shared by the emitters that define and import them. */

export const RUNTIME = runtimeEntry.kafka;
export const EMITTER = "asyncapi";
export const TYPES_FILE = "types.ts";

export function channelFile(channel: ChannelModel): string {
  return `channels/${kebabCase(channel.address)}.ts`;
}

export function validatorFile(channel: ChannelModel): string {
  return `validators/${kebabCase(channel.address)}.ts`;
}

/** Import path of a generated file from a file one folder deep (`channels/`, `<document>/`). */
export function fromSibling(path: string): string {
  return `../${path.replace(/\.ts$/, ".js")}`;
}

export function documentFile(document: DocumentModel, file: string): string {
  return `${kebabCase(document.name)}/${file}`;
}

export function topicConst(channel: ChannelModel): string {
  return `${camelCase(channel.address)}Topic`;
}

export function payloadType(message: MessageModel): string {
  return pascalCase(message.name);
}

export function messageConst(message: MessageModel): string {
  return `${camelCase(message.name)}Message`;
}

export function validatorName(message: MessageModel): string {
  return `validate${pascalCase(message.name)}`;
}

export function serviceName(document: DocumentModel): string {
  return pascalCase(document.name);
}
