import type { Printable, TsFile } from "../core/ts-file.js";
import type { MessageModel } from "./model.js";
import { payloadType, TYPES_FILE } from "./paths.js";
import { isObjectSchema, objectBody, schemaType, type TypeContext } from "../schema/ts-type.js";

/**
 * A message's payload, key and header types: in its channel's module, or once in `types.ts` for a
 * message that several channels carry (whose channel modules then re-export them).
 */
export function printMessageTypes(file: TsFile, ctx: TypeContext, message: MessageModel): void {
  printPayload(file, ctx, message);
  printKey(file, ctx, message);
  printHeaders(file, ctx, message);
}

/** `export type { TurnOnOff } from "../types.js"` for a shared message, so importers find its types on each channel. */
export function reexportMessageTypes(file: TsFile, message: MessageModel): void {
  const name = payloadType(message);
  const names = [name, ...(message.key ? [`${name}Key`] : []), ...(message.headers !== undefined ? [`${name}Headers`] : [])];
  file.print(`/** ${message.name} is carried by several channels; its types are declared once, in types.ts. */`);
  file.print("export type { ", ...names.flatMap((n, i) => [...(i > 0 ? [", "] : []), file.importType(n, TYPES_FILE)]), " };");
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
