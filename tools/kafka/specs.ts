/**
 * MessageSpecs built by hand from the bundled contract's schemas (contracts/asyncapi/common/
 * schemas.yaml, compiled with ajv), the way generated code describes its messages, plus sample
 * payloads that satisfy them.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import type { MessageSpec, TopicSpec } from "../../runtime/src/kafka/types.js";

const schemasFile = new URL("../../contracts/asyncapi/common/schemas.yaml", import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isSafeInteger(value) });
// The file is a map of named schemas referring to each other as `#/Name`: serve it as `$defs`.
ajv.addSchema({ $id: "schemas.yaml", $defs: underDefs(parse(readFileSync(schemasFile, "utf8"))) });

function underDefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(underDefs);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      name === "$ref" && typeof inner === "string" ? inner.replace(/^#\//, "#/$defs/") : underDefs(inner),
    ]),
  );
}

export interface OrderItem {
  productId: string;
  quantity: number;
  price: number;
}

export interface OrderCreated {
  requestId: string;
  username: string;
  orderId: number;
  items: OrderItem[];
  totalCost: number;
  currency: string;
  createdAt: number;
}

export interface UserProfileRequested {
  requestId: string;
  username: string;
}

export interface UserProfileResponse {
  requestId: string;
  username: string;
  found: boolean;
  email?: string;
}

export function topicSpec(name: string, partitions = 1): TopicSpec {
  return { name, partitions, replicas: 3, cleanupPolicy: "delete", retentionMs: 604_800_000 };
}

export function messageSpec<Payload>(
  schemaName: string,
  topic: TopicSpec,
  key: (payload: Payload) => string | undefined,
): MessageSpec<Payload> {
  const validate = ajv.getSchema(`schemas.yaml#/$defs/${schemaName}`);
  if (!validate) throw new Error(`no schema ${schemaName} in ${schemasFile.pathname}`);
  return {
    name: schemaName,
    topic,
    contentType: "application/json",
    key,
    validate(value) {
      if (validate(value)) return { valid: true };
      return {
        valid: false,
        errors: (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`),
      };
    },
  };
}

export function orderCreatedSpec(topic: TopicSpec): MessageSpec<OrderCreated> {
  return messageSpec<OrderCreated>("OrderCreated", topic, (order) => String(order.orderId));
}

export function orderCreated(orderId: number, line = 1): OrderCreated {
  const items = [{ productId: `sku-${line}`, quantity: line, price: 1250 }];
  return {
    requestId: `req-${orderId}-${line}`,
    username: `user${orderId % 7}`,
    orderId,
    items,
    totalCost: items.reduce((sum, item) => sum + item.price * item.quantity, 0),
    currency: "EUR",
    createdAt: 1_767_225_600_000 + line,
  };
}
