/**
 * What the AsyncAPI emitters need from a set of documents: the channels (topics) with their
 * messages, merged across documents by address, and per document its operations.
 */

import type { JsonSchema } from "../schema/json-schema.js";

export type { JsonSchema };

export interface AsyncApiModel {
  readonly channels: readonly ChannelModel[];
  readonly documents: readonly DocumentModel[];
  /** Schemas with a `title` that is a type name; emitted once as shared types. */
  readonly namedSchemas: readonly NamedSchema[];
  /** Messages on more than one channel (the same message each time): their types are emitted once. */
  readonly sharedMessages: readonly MessageModel[];
}

export interface NamedSchema {
  readonly name: string;
  readonly schema: JsonSchema;
}

export interface TopicModel {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly cleanupPolicy?: "delete" | "compact" | "compact,delete";
  readonly retentionMs?: number;
}

/** A `{name}` of a channel address: each value names its own topic. */
export interface ChannelParameterModel {
  readonly name: string;
  readonly description?: string;
  /** The parameter's schema (3.x: from its `enum` and `default`; 2.x: its `schema`). */
  readonly schema: JsonSchema;
}

export interface ChannelModel {
  readonly address: string;
  /** The parameters of the address, in the order it names them; none for a plain topic name. */
  readonly parameters: readonly ChannelParameterModel[];
  readonly description?: string;
  readonly topic: TopicModel;
  readonly messages: readonly MessageModel[];
  /** Documents (relative paths) that use this channel, sorted. */
  readonly sources: readonly string[];
}

export interface MessageKey {
  /** The payload property whose value becomes the record key. */
  readonly property: string;
  readonly required: boolean;
  readonly schema?: JsonSchema;
}

export interface MessageModel {
  /** The message's name as the contract gives it (what the runtime sends in its `name`). */
  readonly name: string;
  /**
   * The stem of its TypeScript names: the name, or channel and name when another channel carries
   * a different message of the same name.
   */
  readonly typeName: string;
  /** On several channels, the same each time: its types live in `types.ts`, and each channel module re-exports them. */
  readonly shared: boolean;
  readonly title?: string;
  readonly description?: string;
  readonly contentType: string;
  readonly payload: JsonSchema;
  readonly key?: MessageKey;
  readonly headers?: JsonSchema;
  /**
   * The payload property the contract's `correlationId` points at (`$message.payload#/requestId`);
   * producers copy it into the `correlation-id` header unless the caller gives one.
   */
  readonly correlationProperty?: string;
}

export interface OperationModel {
  readonly id: string;
  readonly action: "send" | "receive";
  readonly description?: string;
  readonly channel: string;
  /** Names of the channel's messages this operation carries. */
  readonly messages: readonly string[];
  readonly groupId?: string;
  readonly reply?: { readonly channel: string; readonly messages: readonly string[] };
}

export interface DocumentModel {
  /** Path relative to the contracts folder, e.g. `asyncapi/order-service.yaml`. */
  readonly source: string;
  /** File name without extension, e.g. `order-service`: the output folder and type prefix. */
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly operations: readonly OperationModel[];
}
