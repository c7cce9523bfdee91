import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import { TsFile } from "../../core/ts-file.js";
import { contractName } from "./emit-contract-table.js";
import type { ServerPlan } from "./server-plan.js";
import { reexportLine, runtime } from "../../core/runtime-symbols.js";

const EMITTER = "openapi-server-router";

/** `server/router.ts`: the one function a service calls to serve its handlers. */
export function emitRouter(plan: ServerPlan): GeneratedFile {
  const f = new TsFile("server/router.ts", generatedHeader(EMITTER, plan.model.sourceFile));
  const handlers = f.importType(`${plan.documentName}Handlers`, "server/handlers.ts");
  f.jsdoc(
    [
      `A request listener serving ${plan.model.title} with \`handlers\`, for \`http.createServer\``,
      "(or `http2.createServer`, `http2.createSecureServer({ allowHTTP1: true })`). Path, query,",
      "headers and body are checked against the contract before a handler runs; a bad request gets",
      "400 problem+json listing every violation, an unknown path 404, a known path with another method 405.",
    ].join("\n"),
  );
  f.print(
    `export function create${plan.documentName}Router(handlers: `,
    handlers,
    ", options?: ",
    runtime.server.RouterOptions,
    "): ",
    runtime.server.RequestListener,
    " {",
  );
  f.print("  return ", runtime.server.createRouter, "(", f.import(contractName(plan), "server/contract.ts"), ", handlers, options);");
  f.print("}");
  return f.toFile();
}

/** `server/index.ts`: everything a service author needs from one import. */
export function emitServerIndex(plan: ServerPlan): GeneratedFile {
  const f = new TsFile("server/index.ts", generatedHeader("openapi-server-index", plan.model.sourceFile));
  f.print('export * from "./handlers.js";');
  f.print("export { ", contractName(plan), ' } from "./contract.js";');
  f.print(`export { create${plan.documentName}Router } from "./router.js";`);
  f.print(
    reexportLine([
      runtime.server.Credentials,
      runtime.server.EventWriter,
      runtime.server.Principal,
      runtime.server.RequestContext,
      runtime.server.RequestListener,
      runtime.server.RouterOptions,
      runtime.server.ServerSentEvent,
    ]),
  );
  return f.toFile();
}
