import type { AsyncApiModel, ChannelModel, DocumentModel, MessageModel, OperationModel } from "./model.js";
import { camelCase, pascalCase } from "../core/names.js";

/** An operation with its channel and messages looked up in the model. */
export interface ResolvedOperation {
  readonly operation: OperationModel;
  readonly channel: ChannelModel;
  readonly messages: readonly MessageModel[];
  /** The reply channel and its messages (one, or several the replier chooses among). */
  readonly reply?: { readonly channel: ChannelModel; readonly messages: readonly MessageModel[] };
}

export function resolveOperations(model: AsyncApiModel, document: DocumentModel): ResolvedOperation[] {
  return document.operations.map((operation) => {
    const channel = channelOf(model, operation.channel);
    const messages = operation.messages.map((name) => messageOf(channel, name));
    if (!operation.reply) return { operation, channel, messages };
    const replyChannel = channelOf(model, operation.reply.channel);
    const replyMessages = operation.reply.messages.map((name) => messageOf(replyChannel, name));
    return { operation, channel, messages, reply: { channel: replyChannel, messages: replyMessages } };
  });
}

function channelOf(model: AsyncApiModel, address: string): ChannelModel {
  const channel = model.channels.find((c) => c.address === address);
  if (!channel) throw new Error(`channel ${address} is not in the model`);
  return channel;
}

function messageOf(channel: ChannelModel, name: string): MessageModel {
  const message = channel.messages.find((m) => m.name === name);
  if (!message) throw new Error(`message ${name} is not on channel ${channel.address}`);
  return message;
}

/** `sendOrderCreated` stays; `publishThing` becomes `sendPublishThing`. */
export function sendMethodName(operation: OperationModel): string {
  const name = camelCase(operation.id);
  return name.startsWith("send") ? name : `send${pascalCase(operation.id)}`;
}

/** `onOrderCreated` stays; `handleThing` becomes `onHandleThing`. */
export function handlerName(operation: OperationModel): string {
  const name = camelCase(operation.id);
  return /^on[A-Z]/.test(name) ? name : `on${pascalCase(operation.id)}`;
}

/** `requestUserProfile` stays; anything else gets `request` in front. */
export function requestName(operation: OperationModel): string {
  const name = camelCase(operation.id);
  return /^request[A-Z]/.test(name) ? name : `request${pascalCase(operation.id)}`;
}

/** The consumer group of a receive operation: the contract's, else the document's name. */
export function groupOf(operation: OperationModel, document: DocumentModel): string {
  return operation.groupId ?? document.name;
}
