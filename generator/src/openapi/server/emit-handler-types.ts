import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import { TsFile, type ImportSymbol, type Printable } from "../../core/ts-file.js";
import { usesReadWrite } from "../emit-types.js";
import type { OperationModel, ParameterModel, ResponseModel } from "../model.js";
import { propertyKey } from "../../core/names.js";
import { isEventStream, isJson, type OperationPlan, type ServerPlan } from "./server-plan.js";
import { typeOf, type TypeContext } from "./type-expression.js";
import { runtimeEntry } from "../../core/runtime-entries.js";

const EMITTER = "openapi-server-handlers";
const RUNTIME = runtimeEntry.server;
const STATUS = runtimeEntry.server;
const RANGES: Record<string, string> = {
  "1": "InformationalStatus",
  "2": "SuccessStatus",
  "3": "RedirectStatus",
  "4": "ClientErrorStatus",
  "5": "ServerErrorStatus",
};

/**
 * `server/handlers.ts`: per operation its validated input, the union of the responses the
 * contract allows (so returning an undeclared status or body does not compile), and the handler
 * type; then one interface with a handler per operation.
 */
export function emitHandlerTypes(plan: ServerPlan): GeneratedFile {
  const f = new TsFile("server/handlers.ts", generatedHeader(EMITTER, plan.model.sourceFile));
  const components = f.importType("components", "../types.js");
  const markers = usesReadWrite(plan.model);
  const request: TypeContext = { components, schemas: plan.model.schemas, direction: "request" };
  const response: TypeContext = { ...request, direction: "response" };
  if (markers) {
    request.marker = f.importType("Writable", "../types.js");
    response.marker = f.importType("Readable", "../types.js");
  }
  for (const operation of plan.operations) {
    printInput(f, operation, request);
    f.print();
    printResult(f, operation, response);
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

function printInput(f: TsFile, plan: OperationPlan, context: TypeContext): void {
  const { operation } = plan;
  const doc = [operation.summary, operation.description, `\`${operationLine(operation)}\``]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join("\n\n");
  f.jsdoc(operation.deprecated ? `${doc}\n\n@deprecated` : doc);
  f.print(`export interface ${plan.typeName}Input {`);
  for (const [key, location] of [["path", "path"], ["query", "query"], ["headers", "header"]] as const) {
    const list = plan.parameters[location];
    // Parameters are never readOnly/writeOnly: their types are read without the markers.
    if (list) f.print(`  ${key}: `, parameterObject(list, { ...context, marker: undefined }), ";");
  }
  const body = operation.requestBody;
  if (body) {
    const type = contentType(body.contentType, body.schema, context);
    f.print(`  body: `, type, body.required ? "" : " | undefined", ";");
  }
  f.print("  context: ", f.importType("RequestContext", RUNTIME), ";");
  f.print("}");
}

function printResult(f: TsFile, plan: OperationPlan, context: TypeContext): void {
  const explicit = plan.operation.responses.map((r) => r.status).filter((s) => /^\d{3}$/.test(s));
  f.jsdoc(`The responses \`${plan.operation.operationId}\` may return.`);
  f.print(`export type ${plan.typeName}Result =`);
  const responses = plan.operation.responses;
  responses.forEach((response, index) => {
    const end = index === responses.length - 1 ? ";" : "";
    f.print("  | ", responseType(f, response, explicit, context), end);
  });
  if (responses.length === 0) f.print("  never;");
}

function responseType(f: TsFile, response: ResponseModel, explicit: readonly string[], context: TypeContext): Printable {
  const members: Printable[] = [["status: ", statusType(f, response.status, explicit)]];
  const headers = headersType(f, response, context);
  if (isEventStream(response)) {
    members.push(headers);
    const writer = f.importType("EventWriter", RUNTIME);
    members.push(["stream(writer: ", writer, "<", typeOf(response.schema, context), ">): Promise<void>"]);
  } else {
    if (response.contentType !== undefined) {
      members.push(["body: ", contentType(response.contentType, response.schema, context, "response")]);
    }
    members.push(headers);
  }
  return ["{ ", members.flatMap((m, i) => (i === 0 ? [m] : ["; ", m])), " }"];
}

function statusType(f: TsFile, status: string, explicit: readonly string[]): Printable {
  if (/^\d{3}$/.test(status)) return status;
  const range = /^([1-5])XX$/i.exec(status);
  const all: ImportSymbol = range ? f.importType(RANGES[range[1]!]!, STATUS) : f.importType("HttpStatus", STATUS);
  const excluded = range ? explicit.filter((s) => s.startsWith(range[1]!)) : explicit;
  return excluded.length === 0 ? all : ["Exclude<", all, ", ", excluded.join(" | "), ">"];
}

function headersType(f: TsFile, response: ResponseModel, context: TypeContext): Printable {
  const base = f.importType("ResponseHeaders", RUNTIME);
  const declared = response.headers.filter((h) => h.name.toLowerCase() !== "content-type");
  if (declared.length === 0) return ["headers?: ", base];
  const members = declared.map((h): Printable => [propertyKey(h.name), h.required ? "" : "?", ": ", typeOf(h.schema, context)]);
  const optional = declared.some((h) => h.required) ? "" : "?";
  return [`headers${optional}: { `, members.flatMap((m, i) => (i === 0 ? [m] : ["; ", m])), " } & ", base];
}

function parameterObject(parameters: readonly ParameterModel[], context: TypeContext): Printable {
  const members = parameters.map((p): Printable => {
    // A default is filled in by validation, so the handler always sees a value.
    const hasDefault = typeof p.schema === "object" && "default" in p.schema;
    return [propertyKey(p.name), p.required || hasDefault ? "" : "?", ": ", typeOf(p.schema, context)];
  });
  return ["{ ", members.flatMap((m, i) => (i === 0 ? [m] : ["; ", m])), " }"];
}

function contentType(
  type: string,
  schema: OperationModel["responses"][number]["schema"],
  context: TypeContext,
  direction: "request" | "response" = "request",
): Printable {
  if (isJson(type)) return typeOf(schema, context);
  if (type.toLowerCase().startsWith("text/")) return "string";
  return direction === "request" ? "Uint8Array" : "string | Uint8Array";
}

function operationLine(operation: OperationModel): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
