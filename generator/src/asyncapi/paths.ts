import { camelCase, identifier, kebabCase, pascalCase } from "../core/names.js";
import type { ChannelModel, DocumentModel, MessageModel } from "./model.js";

/** Output paths and exported names, shared by the emitters that define and import them. */

export const EMITTER = "asyncapi";
export const TYPES_FILE = "types.ts";

export function channelFile(channel: ChannelModel): string {
  return `channels/${kebabCase(channel.address) || "channel"}.ts`;
}

/** Where a message's types are declared: `types.ts` for one that several channels carry, else its channel's module. */
export function messageTypesFile(message: MessageModel, channel: ChannelModel): string {
  return message.shared ? TYPES_FILE : channelFile(channel);
}

export function validatorFile(channel: ChannelModel): string {
  return `validators/${kebabCase(channel.address) || "channel"}.ts`;
}

export function documentFile(document: DocumentModel, file: string): string {
  return `${kebabCase(document.name) || "service"}/${file}`;
}

export function topicConst(channel: ChannelModel): string {
  return identifier(`${camelCase(channel.address)}Topic`, "topic");
}

/** `smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured` → `…LightingMeasuredParameters`. */
export function parametersType(channel: ChannelModel): string {
  return identifier(`${pascalCase(channel.address)}Parameters`, "Parameters");
}

export function payloadType(message: MessageModel): string {
  return identifier(pascalCase(message.typeName), "Message");
}

export function messageConst(message: MessageModel): string {
  return identifier(`${camelCase(message.typeName)}Message`, "message");
}

export function validatorName(message: MessageModel): string {
  return `validate${payloadType(message).replace(/^_/, "")}`;
}

export function serviceName(document: DocumentModel): string {
  return identifier(pascalCase(document.name), "Service");
}
