import type { Printable, TsFile } from "../core/ts-file.js";
import { isSuccess } from "./build-model.js";
import type { OperationModel, ResponseModel } from "./model.js";
import { quote } from "../core/names.js";
import type { OperationNames } from "./operation-names.js";
import { parametersType, printOperationAlias, requestBodyType, responseBodyType, type OperationTypes } from "./operation-types.js";
import { runtime } from "../core/runtime-symbols.js";

export interface OperationContext {
  /** Where `paths` (and `Readable`/`Writable`) come from: `types.ts`. */
  typesModule: string;
  /** Whether types.ts marks readOnly/writeOnly properties, so bodies go through Writable/Readable. */
  readWriteMarkers: boolean;
}

/**
 * Prints one operation: its input type, its result type (one member per declared status) and a
 * plain function taking the client first, so a bundler keeps only the operations a page imports.
 */
export function emitSdkOperation(f: TsFile, op: OperationModel, names: OperationNames, ctx: OperationContext): void {
  const types: OperationTypes = { file: f, alias: `${names.type}Operation`, ...ctx };
  printOperationAlias(types, op);
  f.print();

  const input = printInput(f, op, names, types);
  const inputParam = input === undefined ? "" : `input: ${names.type}Input${input.optional ? " = {}" : ""}, `;
  const inputArg = input === undefined ? "{}" : "input";
  const client = runtime.sdk.Client;

  if (op.isEventStream) {
    f.print("/** One event of the stream. */");
    f.print(`export type ${names.type}Event = `, responseBodyType(types, eventResponse(op), "text/event-stream"), ";");
    f.print();
    printDoc(f, op);
    f.print(
      `export function ${names.fn}(client: `,
      client,
      `, ${inputParam}options?: `,
      runtime.sdk.SubscribeOptions,
      "): AsyncGenerator<",
      runtime.sdk.ServerEvent,
      `<${names.type}Event>, void, undefined> {`,
    );
    f.print(`  return `, runtime.sdk.subscribe, `<${names.type}Event>(client, ${quote(op.path)}, ${inputArg}, options);`);
    f.print("}");
    return;
  }

  printResult(f, op, names, types);
  printDoc(f, op);
  const extra = callExtras(op);
  f.print(
    `export function ${names.fn}(client: `,
    client,
    `, ${inputParam}options?: `,
    runtime.sdk.CallOptions,
    `): Promise<${names.type}Result> {`,
  );
  f.print(`  return `, runtime.sdk.call, `(client, ${quote(op.method.toUpperCase())}, ${quote(op.path)}, ${inputArg}, options${extra});`);
  f.print("}");
}

function callExtras(op: OperationModel): string {
  const key = op.idempotencyKey?.name;
  const contentType = op.requestBody?.contentType;
  if (key) return `, ${quote(contentType ?? "application/json")}, ${quote(key)}`;
  if (contentType && contentType !== "application/json") return `, ${quote(contentType)}`;
  return "";
}

function printDoc(f: TsFile, op: OperationModel): void {
  const lines = [op.summary?.trim(), op.description?.trim()].filter((s): s is string => Boolean(s));
  lines.push(`\`${op.method.toUpperCase()} ${op.path}\``);
  if (op.deprecated) lines.push("@deprecated");
  f.jsdoc(lines.join("\n\n"));
}

/** Prints `XInput`; returns undefined when the operation takes no input at all. */
function printInput(f: TsFile, op: OperationModel, names: OperationNames, types: OperationTypes) {
  const members: Printable[][] = [];
  let optional = true;
  const of = (where: "path" | "query" | "header") => op.parameters.filter((p) => p.in === where);
  const member = (key: string, required: boolean, type: Printable) => {
    members.push([`  ${key}${required ? "" : "?"}: `, type, ";"]);
    if (required) optional = false;
  };
  if (of("path").length > 0) member("path", true, parametersType(types, "path"));
  if (of("query").length > 0)
    member(
      "query",
      of("query").some((p) => p.required),
      parametersType(types, "query"),
    );
  const key = op.idempotencyKey;
  const headers = of("header").filter((p) => p !== key);
  if (headers.length > 0 || key) {
    const all = `NonNullable<${parametersType(types, "header")}>`;
    const type = key ? `Omit<${all}, ${quote(key.name)}> & { ${quote(key.name)}?: string }` : all;
    member(
      "headers",
      headers.some((p) => p.required),
      type,
    );
  }
  if (op.requestBody && !op.isEventStream) {
    member("body", op.requestBody.required, requestBodyType(types, op.requestBody.contentType));
  }
  if (members.length === 0) return undefined;
  f.print(`/** What \`${names.fn}\` sends.${key ? ` \`${key.name}\` is generated when not given, and reused by retries.` : ""} */`);
  f.print(`export interface ${names.type}Input {`);
  for (const line of members) f.print(...line);
  f.print("}");
  f.print();
  return { optional };
}

function printResult(f: TsFile, op: OperationModel, names: OperationNames, types: OperationTypes): void {
  const success = runtime.sdk.Success;
  const failure = runtime.sdk.Failure;
  const declared = op.responses.filter((r) => r.status !== "default");
  const members: Printable[][] = [];
  for (const response of declared) {
    const status = statusType(response.status, declared);
    const body = bodyType(response, types);
    members.push([isSuccess(response.status) ? success : failure, "<", status, ", ", body, ">"]);
  }
  if (!declared.some((r) => isSuccess(r.status))) {
    members.unshift([success, "<", runtime.sdk.SuccessStatus, ", unknown>"]);
  }
  const errors = declared.filter((r) => !isSuccess(r.status)).map((r) => literalStatus(r.status));
  const errorUnion = errors.flatMap((e, i) => (i === 0 ? [e] : [" | ", e]));
  const coversAll = ["4XX", "5XX"].every((range) => declared.some((r) => r.status.toUpperCase() === range));
  if (!coversAll) {
    const all = runtime.sdk.ErrorStatus;
    const rest: Printable = errors.length > 0 ? ["Exclude<", all, ", ", errorUnion, ">"] : all;
    const fallback = op.responses.find((r) => r.status === "default");
    const body: Printable = fallback ? [bodyType(fallback, types), " | undefined"] : "unknown";
    members.push([failure, "<", rest, ", ", body, ">"]);
  }
  f.print(`/** What \`${names.fn}\` answers, told apart by \`status\` (and \`ok\` for any 2xx). */`);
  f.print(`export type ${names.type}Result =`);
  members.forEach((m, i) => {
    f.print("  | ", ...m, i === members.length - 1 ? ";" : "");
  });
  f.print();
}

/** `404` → `404`; `4XX` → `StatusRange<4>` minus the 4xx statuses declared one by one. */
function statusType(status: string, declared: readonly ResponseModel[]): Printable {
  if (/^\d+$/.test(status)) return status;
  const first = status[0]!;
  const range: Printable = [runtime.sdk.StatusRange, `<${first}>`];
  const exact = declared.filter((r) => /^\d+$/.test(r.status) && r.status.startsWith(first)).map((r) => r.status);
  return exact.length > 0 ? ["Exclude<", range, `, ${exact.join(" | ")}>`] : range;
}

function literalStatus(status: string): Printable {
  if (/^\d+$/.test(status)) return status;
  return [runtime.sdk.StatusRange, `<${status[0]}>`];
}

function bodyType(response: ResponseModel, types: OperationTypes): Printable {
  return response.contentType ? responseBodyType(types, response) : "undefined";
}

function eventResponse(op: OperationModel): ResponseModel {
  return op.responses.find((r) => isSuccess(r.status) && r.contentTypes.includes("text/event-stream"))!;
}
