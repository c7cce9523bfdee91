import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import type { ServerPlan } from "./server-plan.js";
import { componentViews, entryView, schemaBase } from "./validator-views.js";
import { runtime } from "../../core/runtime-symbols.js";
import { importLines } from "../../core/imports.js";

const EMITTER = "openapi-server-response-schemas";

/**
 * `server/response-schemas.ts`: the response schemas, as JSON Schema 2020-12 views
 * without `writeOnly` properties, for the router's opt-in `validateResponses`. They are compiled on
 * first use, so a server that does not check its responses (production) never pays for them, and
 * generating them costs no compilation (on GitHub's spec that halves generation time).
 */
export function emitResponseSchemas(plan: ServerPlan, path: string): GeneratedFile[] {
  const { model } = plan;
  const header = generatedHeader(EMITTER, model.sourceFile);
  const base = schemaBase(model);
  const lines = [
    `${header}// @ts-nocheck: JSON Schema data, typed by its export (a large contract's would be slow to check)`,
    ...importLines([runtime.server.ResponseSchemas]),
    "",
    "/** Response schemas for `validateResponses`; the router compiles each on first use. */",
  ];
  lines.push(`export const responseSchemas: ${runtime.server.ResponseSchemas.name} = {`);
  lines.push("  components: [");
  for (const [, view] of componentViews(
    model,
    "response",
    plan.responseEntries.map((e) => e.schema),
  )) {
    lines.push(`    ${JSON.stringify(view)},`);
  }
  lines.push("  ],");
  lines.push("  bodies: {");
  for (const entry of plan.responseEntries) {
    lines.push(
      `    ${JSON.stringify(entry.exportName)}: ${JSON.stringify(entryView(model, entry, `${base}/responses/${entry.exportName}`))},`,
    );
  }
  lines.push("  },");
  lines.push("};", "");
  return [{ path, content: lines.join("\n") }];
}
