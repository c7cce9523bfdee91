import type { GeneratedFile, Printable, Schema } from "@bufbuild/protoplugin";
import { lowerFirst, pascalCase } from "../core/names.js";
import { FileBody } from "./file-body.js";
import type { MethodModel, ServiceModel } from "./model.js";
import { runtime } from "../core/runtime-symbols.js";

/**
 * `<service>_server.ts`: the handler interface a service author implements, `mountXService` to
 * put it on a Connect router, and `serveXService` to serve it over HTTP/2 and HTTP/1.1 with the
 * Connect, gRPC and gRPC-Web protocols.
 */
export function emitServer(schema: Schema<object>, path: string, service: ServiceModel): void {
  const body = new FileBody(schema.generateFile(path));
  const { f } = body;
  const descriptor = f.importSchema(service.desc);
  const base = pascalCase(service.name);
  const handler = `${base}Handler`;
  const keyMethods = `${lowerFirst(base)}IdempotencyKeyMethods`;
  const context = f.import("HandlerContext", "@connectrpc/connect", true);

  body.jsdoc([`Implement this to serve ${service.typeName}.`, ...(service.doc ? ["", service.doc] : [])].join("\n"));
  body.print(f.export("interface", handler), " {");
  service.methods.forEach((method, i) => {
    if (i > 0) body.print();
    body.jsdoc([method.doc ?? "", method.deprecated ? "@deprecated" : ""].filter(Boolean).join("\n"), "  ");
    body.print("  ", method.localName, "(", parameters(f, method, context), "): ", returnType(f, method), ";");
  });
  body.print("}");
  body.print();
  body.jsdoc("Methods whose calls must carry an `idempotency-key` header (`(concord.v1.idempotency_key_required)`).");
  const keyed = service.methods.filter((m) => m.idempotencyKeyRequired).map((m) => `"${m.localName}"`);
  body.print(f.export("const", keyMethods), ": readonly string[] = [", keyed.join(", "), "];");
  body.print();
  body.jsdoc(`Registers \`handler\` for ${service.typeName} on \`router\`.`);
  body.print(f.export("function", `mount${base}`), "(");
  body.print("  router: ", f.import("ConnectRouter", "@connectrpc/connect", true), ",");
  body.print("  handler: ", handler, ",");
  body.print("  options?: ", body.runtime(runtime.rpcNode.MountOptions), ",");
  body.print("): ", f.import("ConnectRouter", "@connectrpc/connect", true), " {");
  body.print("  return ", body.runtime(runtime.rpcNode.mountService), "(router, ", descriptor, ", handler, ", keyMethods, ", options);");
  body.print("}");
  body.print();
  body.jsdoc(`Serves ${service.typeName} alone on 127.0.0.1 (or \`options.host\`) over HTTP/2 and HTTP/1.1.`);
  body.print(f.export("function", `serve${base}`), "(");
  body.print("  handler: ", handler, ",");
  body.print("  options: ", body.runtime(runtime.rpcNode.ServeOptions), " & ", body.runtime(runtime.rpcNode.MountOptions), " = {},");
  body.print("): Promise<", body.runtime(runtime.rpcNode.RunningServer), "> {");
  body.print("  return ", body.runtime(runtime.rpcNode.serveRpc), "((router) => mount", base, "(router, handler, options), options);");
  body.print("}");
  body.end();
}

function parameters(f: GeneratedFile, method: MethodModel, context: Printable): Printable[] {
  const input = f.importShape(method.input.desc);
  const streamsIn = method.kind === "client_streaming" || method.kind === "bidi_streaming";
  return streamsIn ? ["requests: AsyncIterable<", input, ">, context: ", context] : ["request: ", input, ", context: ", context];
}

function returnType(f: GeneratedFile, method: MethodModel): Printable[] {
  const output = f.importSchema(method.output.desc, true);
  const shape = [f.import("MessageInitShape", "@bufbuild/protobuf", true), "<typeof ", output, ">"];
  const streamsOut = method.kind === "server_streaming" || method.kind === "bidi_streaming";
  return streamsOut ? ["AsyncIterable<", shape, ">"] : ["Promise<", shape, ">"];
}
