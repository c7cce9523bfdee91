import { sortFiles, type GeneratedFile } from "../../core/generated-file.js";
import type { OpenApiModel } from "../model.js";
import { BODY_VALIDATORS, emitContractTable, PARAMETER_VALIDATORS, RESPONSE_SCHEMAS } from "./emit-contract-table.js";
import { emitResponseSchemas } from "./emit-response-schemas.js";
import { emitHandlerTypes } from "./emit-handler-types.js";
import { emitRouter, emitServerIndex } from "./emit-router.js";
import { emitValidatorModule } from "./emit-validators.js";
import { planServer, type ServerOptions } from "./server-plan.js";

export type { ServerOptions } from "./server-plan.js";

/**
 * The server stubs of one OpenAPI document, under `server/` of its output folder: handler types
 * (`handlers.ts`), the contract table (`contract.ts`), validators compiled ahead of time
 * (`parameter-validators.ts`, `body-validators.ts`), the response schemas for
 * opt-in response validation (`response-schemas.ts`), the router factory
 * (`router.ts`) and an `index.ts`. Types come from the document's openapi-typescript `types.ts`.
 */
export function emitServerStubs(model: OpenApiModel, options: ServerOptions = {}): GeneratedFile[] {
  const plan = planServer(model, options);
  // The modules are .ts; the contract table imports them by their .js specifiers.
  return sortFiles([
    emitHandlerTypes(plan),
    emitContractTable(plan),
    ...emitValidatorModule(model, { path: PARAMETER_VALIDATORS, coerce: true, entries: plan.parameterEntries }),
    ...emitValidatorModule(model, { path: BODY_VALIDATORS, coerce: false, entries: plan.bodyEntries }),
    ...(plan.responseEntries.length > 0 ? emitResponseSchemas(plan, RESPONSE_SCHEMAS) : []),
    emitRouter(plan),
    emitServerIndex(plan),
  ]);
}
