import type { Schema } from "@bufbuild/protoplugin";
import { lowerFirst, pascalCase } from "../core/names.js";
import { FileBody } from "./file-body.js";
import type { MethodModel, ServiceModel } from "./model.js";
import { runtime } from "../core/runtime-symbols.js";

export interface ClientEmitOptions {
  /** Deadline for services whose contract sets no `(concord.v1.default_deadline_ms)`. */
  defaultDeadlineMs?: number;
}

/**
 * `<service>_client.ts`: the contract's reliability table and `createXClient(target, options)`,
 * a typed Connect client (unary methods return promises, server streams are async iterables)
 * that runs in Node and in browsers.
 */
export function emitClient(schema: Schema<object>, path: string, service: ServiceModel, options: ClientEmitOptions = {}): void {
  const body = new FileBody(schema.generateFile(path));
  const { f } = body;
  const descriptor = f.importSchema(service.desc);
  const base = pascalCase(service.name);
  const reliability = `${lowerFirst(base)}Reliability`;
  const clientType = `${base}Client`;
  const deadline = service.defaultDeadlineMs ?? options.defaultDeadlineMs;

  body.jsdoc(
    [
      `What the contract says about calls to ${service.typeName}: deadlines from`,
      "`(concord.v1.default_deadline_ms)` and `(concord.v1.deadline_ms)`, idempotency keys from",
      "`(concord.v1.idempotency_key_required)`. Retries follow each method's `idempotency_level`.",
    ].join("\n"),
  );
  body.print(f.export("const", reliability), ": ", body.runtime(runtime.rpc.ServiceReliability), "<typeof ", descriptor, "> = {");
  if (deadline !== undefined) body.print("  defaultDeadlineMs: ", deadline, ",");
  body.print("  methods: {");
  for (const method of service.methods) body.print("    ", method.localName, ": ", methodEntry(method), ",");
  body.print("  },");
  body.print("};");
  body.print();
  body.jsdoc(`A typed client of ${service.typeName}: one method per RPC; server streams are async iterables.`);
  body.print(f.export("type", clientType), " = ", f.import("Client", "@connectrpc/connect", true), "<typeof ", descriptor, ">;");
  body.print();
  body.jsdoc(factoryDoc(service));
  body.print(f.export("function", `create${clientType}`), "(");
  body.print("  target: ", body.runtime(runtime.rpc.RpcTarget), ",");
  body.print("  options: ", body.runtime(runtime.rpc.RpcClientOptions), "<typeof ", descriptor, "> = {},");
  body.print("): ", clientType, " {");
  body.print("  return ", body.runtime(runtime.rpc.createRpcClient), "(", descriptor, ", target, ", reliability, ", options);");
  body.print("}");
  body.end();
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
