import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { TsFile } from "../core/ts-file.js";
import type { MethodModel, ServiceModel } from "./model.js";
import { lowerFirst, pascalCase } from "../core/names.js";
import { importPath, serviceFilePath } from "./names.js";
import { runtimeEntry } from "../core/runtime-entries.js";

const RUNTIME_CLIENT = runtimeEntry.rpc;
const RUNTIME_POLICY = runtimeEntry.rpc;

export interface ClientEmitOptions {
  /** Deadline for services whose contract sets no `(concord.v1.default_deadline_ms)`. */
  defaultDeadlineMs?: number;
}

/**
 * `<service>_client.ts`: the contract's reliability table and `createXClient(target, options)`,
 * a typed Connect client (unary methods return promises, server streams are async iterables)
 * that runs in Node and in browsers.
 */
export function emitClient(service: ServiceModel, options: ClientEmitOptions = {}): GeneratedFile {
  const path = serviceFilePath(service, "client");
  const f = new TsFile(path, generatedHeader("proto client", service.file));
  const descriptor = f.import(service.descriptor.schema, importPath(path, service.descriptor.from));
  const base = pascalCase(service.name);
  const reliability = `${lowerFirst(base)}Reliability`;
  const clientType = `${base}Client`;
  const deadline = service.defaultDeadlineMs ?? options.defaultDeadlineMs;

  f.jsdoc(
    [
      `What the contract says about calls to ${service.typeName}: deadlines from`,
      "`(concord.v1.default_deadline_ms)` and `(concord.v1.deadline_ms)`, idempotency keys from",
      "`(concord.v1.idempotency_key_required)`. Retries follow each method's `idempotency_level`.",
    ].join("\n"),
  );
  f.print("export const ", reliability, ": ", f.importType("ServiceReliability", RUNTIME_POLICY), "<typeof ", descriptor, "> = {");
  if (deadline !== undefined) f.print("  defaultDeadlineMs: ", deadline, ",");
  f.print("  methods: {");
  for (const method of service.methods) f.print("    ", method.localName, ": ", methodEntry(method), ",");
  f.print("  },");
  f.print("};");
  f.print();
  f.jsdoc(`A typed client of ${service.typeName}: one method per RPC; server streams are async iterables.`);
  f.print("export type ", clientType, " = ", f.importType("Client", "@connectrpc/connect"), "<typeof ", descriptor, ">;");
  f.print();
  f.jsdoc(factoryDoc(service));
  f.print("export function create", clientType, "(");
  f.print("  target: ", f.importType("RpcTarget", RUNTIME_CLIENT), ",");
  f.print("  options: ", f.importType("RpcClientOptions", RUNTIME_CLIENT), "<typeof ", descriptor, "> = {},");
  f.print("): ", clientType, " {");
  f.print("  return ", f.import("createRpcClient", RUNTIME_CLIENT), "(", descriptor, ", target, ", reliability, ", options);");
  f.print("}");
  return f.toFile();
}

function methodEntry(method: MethodModel): string {
  const fields: string[] = [];
  if (method.deadlineMs !== undefined) fields.push(`deadlineMs: ${method.deadlineMs}`);
  if (method.idempotencyKeyRequired) fields.push("idempotencyKeyRequired: true");
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
}

function factoryDoc(service: ServiceModel): string {
  const lines = [service.doc ?? service.typeName, "", "Methods:"];
  for (const method of service.methods) lines.push(`- \`${method.localName}\` — ${describe(method)}`);
  lines.push(
    "",
    "`target` is a Transport (`createNodeTransport` from `@concordkit/runtime/rpc/node` for",
    "HTTP/2 in Node, `createConnectTransport` from `@connectrpc/connect-web` in browsers) or `{ baseUrl }`.",
  );
  return lines.join("\n");
}

function describe(method: MethodModel): string {
  const parts: string[] = [method.kind.replace("_", " ")];
  if (method.idempotencyKeyRequired) parts.push("sends an idempotency key, retried with it");
  else if (method.idempotency !== "unknown") parts.push(`${method.idempotency}, retried`);
  else parts.push("not retried");
  if (method.deadlineMs !== undefined) parts.push(`deadline ${method.deadlineMs} ms`);
  if (method.deprecated) parts.push("deprecated");
  return parts.join("; ");
}
