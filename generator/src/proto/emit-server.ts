import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { TsFile, type Printable } from "../core/ts-file.js";
import type { MethodModel, ServiceModel } from "./model.js";
import { lowerFirst, pascalCase } from "../core/names.js";
import { importPath, serviceFilePath } from "./names.js";
import { runtimeEntry } from "../core/runtime-entries.js";

const RUNTIME_SERVER = runtimeEntry.rpcNode;

/**
 * `<service>_server.ts`: the handler interface a service author implements, `mountXService` to
 * put it on a Connect router, and `serveXService` to serve it over HTTP/2 and HTTP/1.1 with the
 * Connect, gRPC and gRPC-Web protocols.
 */
export function emitServer(service: ServiceModel): GeneratedFile {
  const path = serviceFilePath(service, "server");
  const f = new TsFile(path, generatedHeader("proto server", service.file));
  const descriptor = f.import(service.descriptor.schema, importPath(path, service.descriptor.from));
  const base = pascalCase(service.name);
  const handler = `${base}Handler`;
  const keyMethods = `${lowerFirst(base)}IdempotencyKeyMethods`;
  const context = f.importType("HandlerContext", "@connectrpc/connect");

  f.jsdoc([`Implement this to serve ${service.typeName}.`, ...(service.doc ? ["", service.doc] : [])].join("\n"));
  f.print("export interface ", handler, " {");
  service.methods.forEach((method, i) => {
    if (i > 0) f.print();
    f.jsdoc([method.doc ?? "", method.deprecated ? "@deprecated" : ""].filter(Boolean).join("\n"), "  ");
    f.print("  ", method.localName, "(", parameters(f, path, method, context), "): ", returnType(f, path, method), ";");
  });
  f.print("}");
  f.print();
  f.jsdoc("Methods whose calls must carry an `idempotency-key` header (`(concord.v1.idempotency_key_required)`).");
  const keyed = service.methods.filter((m) => m.idempotencyKeyRequired).map((m) => `"${m.localName}"`);
  f.print("export const ", keyMethods, ": readonly string[] = [", keyed.join(", "), "];");
  f.print();
  f.jsdoc(`Registers \`handler\` for ${service.typeName} on \`router\`.`);
  f.print("export function mount", base, "(");
  f.print("  router: ", f.importType("ConnectRouter", "@connectrpc/connect"), ",");
  f.print("  handler: ", handler, ",");
  f.print("  options?: ", f.importType("MountOptions", RUNTIME_SERVER), ",");
  f.print("): ", f.importType("ConnectRouter", "@connectrpc/connect"), " {");
  f.print("  return ", f.import("mountService", RUNTIME_SERVER), "(router, ", descriptor, ", handler, ", keyMethods, ", options);");
  f.print("}");
  f.print();
  f.jsdoc(`Serves ${service.typeName} alone on 127.0.0.1 (or \`options.host\`) over HTTP/2 and HTTP/1.1.`);
  f.print("export function serve", base, "(");
  f.print("  handler: ", handler, ",");
  f.print("  options: ", f.importType("ServeOptions", RUNTIME_SERVER), " & ", f.importType("MountOptions", RUNTIME_SERVER), " = {},");
  f.print("): Promise<", f.importType("RunningServer", RUNTIME_SERVER), "> {");
  f.print("  return ", f.import("serveRpc", RUNTIME_SERVER), "((router) => mount", base, "(router, handler, options), options);");
  f.print("}");
  return f.toFile();
}

function parameters(f: TsFile, path: string, method: MethodModel, context: Printable): Printable[] {
  const input = f.importType(method.input.shape, importPath(path, method.input.from));
  const streamsIn = method.kind === "client_streaming" || method.kind === "bidi_streaming";
  return streamsIn
    ? ["requests: AsyncIterable<", input, ">, context: ", context]
    : ["request: ", input, ", context: ", context];
}

function returnType(f: TsFile, path: string, method: MethodModel): Printable[] {
  const output = f.importType(method.output.schema, importPath(path, method.output.from));
  const shape = [f.importType("MessageInitShape", "@bufbuild/protobuf"), "<typeof ", output, ">"];
  const streamsOut = method.kind === "server_streaming" || method.kind === "bidi_streaming";
  return streamsOut ? ["AsyncIterable<", shape, ">"] : ["Promise<", shape, ">"];
}
