import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import { TsFile, type ImportSymbol, type Printable } from "../../core/ts-file.js";
import { usesReadWrite } from "../emit-types.js";
import type { OperationModel, ParameterModel, ResponseModel } from "../model.js";
import { propertyKey, quote } from "../../core/names.js";
import {
  printOperationAlias,
  parametersType,
  requestBodyType,
  responseBodyType,
  responseHeadersType,
  type OperationTypes,
} from "../operation-types.js";
import { isEventStream, isJson, type OperationPlan, type ServerPlan } from "./server-plan.js";
import { runtime } from "../../core/runtime-symbols.js";

const EMITTER = "openapi-server-handlers";
const RANGES: Record<string, ImportSymbol> = {
  "1": runtime.server.InformationalStatus,
  "2": runtime.server.SuccessStatus,
  "3": runtime.server.RedirectStatus,
  "4": runtime.server.ClientErrorStatus,
  "5": runtime.server.ServerErrorStatus,
};

/**
 * `server/handlers.ts`: per operation its validated input, the union of the responses the
 * contract allows (so returning an undeclared status or body does not compile), and the handler
 * type; then one interface with a handler per operation. Parameters and bodies are typed from
 * openapi-typescript's `types.ts`, named as the SDK names them.
 */
export function emitHandlerTypes(plan: ServerPlan): GeneratedFile {
  const f = new TsFile("server/handlers.ts", generatedHeader(EMITTER, plan.model.sourceFile));
  const readWriteMarkers = usesReadWrite(plan.model);
  for (const operation of plan.operations) {
    const types: OperationTypes = { file: f, alias: `${operation.typeName}Operation`, typesModule: "types.ts", readWriteMarkers };
    printOperationAlias(types, operation.operation);
    f.print();
    printInput(f, operation, types);
    f.print();
    printResult(f, operation, types);
    f.print();
    f.jsdoc(`Serves \`${operationLine(operation.operation)}\`.`);
    f.print(`export type ${operation.typeName}Handler = (`);
    f.print(`  input: ${operation.typeName}Input,`);
    f.print(`) => ${operation.typeName}Result | Promise<${operation.typeName}Result>;`);
    f.print();
  }
  f.jsdoc(`One handler per operation of ${plan.model.title}.`);
  f.print(`export interface ${plan.documentName}Handlers {`);
  for (const operation of plan.operations) {
    f.print(`  ${propertyKey(operation.operation.operationId)}: ${operation.typeName}Handler;`);
  }
  f.print("}");
  return f.toFile();
}

function printInput(f: TsFile, plan: OperationPlan, types: OperationTypes): void {
  const { operation } = plan;
  const doc = [operation.summary, operation.description, `\`${operationLine(operation)}\``]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join("\n\n");
  f.jsdoc(operation.deprecated ? `${doc}\n\n@deprecated` : doc);
  f.print(`export interface ${plan.typeName}Input {`);
  for (const [key, location] of [
    ["path", "path"],
    ["query", "query"],
    ["headers", "header"],
  ] as const) {
    const list = plan.parameters[location];
    if (list) f.print(`  ${key}: `, parameterObject(list, types, location), ";");
  }
  const body = operation.requestBody;
  if (body) {
    const type = isJson(body.contentType) ? requestBodyType(types, body.contentType) : rawBody(body.contentType, "request");
    f.print(`  body: `, type, body.required ? "" : " | undefined", ";");
  }
  f.print("  context: ", runtime.server.RequestContext, ";");
  f.print("}");
}

function printResult(f: TsFile, plan: OperationPlan, types: OperationTypes): void {
  const explicit = plan.operation.responses.map((r) => r.status).filter((s) => /^\d{3}$/.test(s));
  f.jsdoc(`The responses \`${plan.operation.operationId}\` may return.`);
  f.print(`export type ${plan.typeName}Result =`);
  const responses = plan.operation.responses;
  responses.forEach((response, index) => {
    const end = index === responses.length - 1 ? ";" : "";
    f.print("  | ", responseType(response, explicit, types), end);
  });
  if (responses.length === 0) f.print("  never;");
}

function responseType(response: ResponseModel, explicit: readonly string[], types: OperationTypes): Printable {
  const members: Printable[] = [["status: ", statusType(response.status, explicit)]];
  const headers = headersType(response, types);
  if (isEventStream(response)) {
    members.push(headers);
    const writer = runtime.server.EventWriter;
    members.push(["stream(writer: ", writer, "<", responseBodyType(types, response), ">): Promise<void>"]);
  } else {
    if (response.contentType !== undefined) {
      const body = isJson(response.contentType) ? responseBodyType(types, response) : rawBody(response.contentType, "response");
      members.push(["body: ", body]);
    }
    members.push(headers);
  }
  return ["{ ", members.flatMap((m, i) => (i === 0 ? [m] : ["; ", m])), " }"];
}

function statusType(status: string, explicit: readonly string[]): Printable {
  if (/^\d{3}$/.test(status)) return status;
  const range = /^([1-5])XX$/i.exec(status);
  const all: ImportSymbol = range ? RANGES[range[1]!]! : runtime.server.HttpStatus;
  const excluded = range ? explicit.filter((s) => s.startsWith(range[1]!)) : explicit;
  return excluded.length === 0 ? all : ["Exclude<", all, ", ", excluded.join(" | "), ">"];
}

function headersType(response: ResponseModel, types: OperationTypes): Printable {
  const base = runtime.server.ResponseHeaders;
  const declared = response.headers.filter((h) => h.name.toLowerCase() !== "content-type");
  if (declared.length === 0) return ["headers?: ", base];
  const optional = declared.some((h) => h.required) ? "" : "?";
  return [`headers${optional}: `, responseHeadersType(types, response), " & ", base];
}

/** A location's parameters; those with a default are never missing, validation fills them in. */
function parameterObject(parameters: readonly ParameterModel[], types: OperationTypes, location: "path" | "query" | "header"): Printable {
  const all = `NonNullable<${parametersType(types, location)}>`;
  const defaulted = parameters
    .filter((p) => !p.required && typeof p.schema === "object" && "default" in p.schema)
    .map((p) => quote(p.name));
  if (defaulted.length === 0) return all;
  return [runtime.server.WithDefaults, `<${all}, ${defaulted.join(" | ")}>`];
}

/** What a handler reads or writes for a body that is not JSON. */
function rawBody(contentType: string, direction: "request" | "response"): string {
  if (contentType.toLowerCase().startsWith("text/")) return "string";
  return direction === "request" ? "Uint8Array" : "string | Uint8Array";
}

function operationLine(operation: OperationModel): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
