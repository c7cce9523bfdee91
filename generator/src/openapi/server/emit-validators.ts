import { Ajv2020, _ } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import standaloneCode from "ajv/dist/standalone/index.js";
import { ContractError } from "../../core/contract-error.js";
import type { GeneratedFile } from "../../core/generated-file.js";
import { importAjvHelpers } from "../../core/ajv-helpers.js";
import { generatedHeader } from "../../core/header.js";
import { runtimeEntry } from "../../core/runtime-entries.js";
import type { JsonSchema, OpenApiModel } from "../model.js";
import { componentViews, entryView, schemaBase } from "./validator-views.js";
import type { Direction } from "./schema-views.js";

/** One validator to compile: its export name and the schema it checks (refs still local). */
export interface ValidatorEntry {
  exportName: string;
  schema: JsonSchema;
  direction: Direction;
}

export interface ValidatorModule {
  /** Path of the `.ts` module relative to the document's folder. */
  path: string;
  /** Parameters arrive as text: their validators coerce to the schema's type. Bodies are JSON already. */
  coerce: boolean;
  entries: ValidatorEntry[];
}

const EMITTER = "openapi-server-validators";
/** ajv's standalone code is JavaScript that ajv checked when it wrote it: the project's `tsc` only emits it. */
const UNCHECKED = "// @ts-nocheck: ajv's standalone code (types on the exports only)";

/**
 * Compiles validators with ajv at generation time and emits ajv's standalone code, so a server
 * never compiles a schema at startup. Every violation is reported (allErrors); defaults from the
 * contract are filled in. The module is TypeScript so that a project's own `tsc` emits it with the
 * rest (a `.js` beside a `.d.ts` was left out of its outDir): ajv's code is left unchecked
 * (`@ts-nocheck`), its exports are typed.
 */
export function emitValidatorModule(model: OpenApiModel, module: ValidatorModule): GeneratedFile[] {
  const ajv = newAjv(module.coerce);
  const base = schemaBase(model);
  // Each component is its own schema, so ajv compiles it once and every validator calls it.
  for (const direction of [...new Set(module.entries.map((e) => e.direction))].sort()) {
    const roots = module.entries.filter((e) => e.direction === direction).map((e) => e.schema);
    for (const [, view] of componentViews(model, direction, roots)) ajv.addSchema(view);
  }
  const exports: Record<string, string> = {};
  for (const entry of module.entries) {
    const id = `${base}/validators/${entry.exportName}`;
    ajv.addSchema(entryView(model, entry, id));
    exports[entry.exportName] = id;
  }
  const header = generatedHeader(EMITTER, model.sourceFile);
  if (module.entries.length === 0) return [{ path: module.path, content: `${header}export {};\n` }];
  const code = compileModule(ajv, exports, model).replace(/^export const (\w+) = /gm, "export const $1: CompiledValidator = ");
  const ts = [
    header + UNCHECKED,
    `import type { CompiledValidator } from "${runtimeEntry.server}";`,
    code.trimEnd(),
    "",
  ].join("\n");
  return [{ path: module.path, content: ts }];
}

/** ajv's standalone code for `exports`; a schema ajv cannot compile (a bad `pattern`…) is a contract error. */
function compileModule(ajv: Ajv2020, exports: Record<string, string>, model: OpenApiModel): string {
  try {
    return importAjvHelpers(standaloneCode(ajv, exports).replace(/^"use strict";\s*/, ""));
  } catch (error) {
    throw new ContractError({ file: model.sourceFile, rule: "schema-not-compilable", message: (error as Error).message });
  }
}

function newAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    coerceTypes: coerce ? "array" : false,
    useDefaults: true,
    // OpenAPI adds keywords (example, discriminator, xml, x-…) and formats JSON Schema does not know.
    strict: false,
    logger: false,
    // The loader validated the contract; checking every schema against the meta-schema again is slow.
    validateSchema: false,
    // Shared schemas become shared functions instead of being copied into every validator.
    inlineRefs: false,
    // Drops the bookkeeping for unevaluatedProperties/$dynamicRef, which OpenAPI documents rarely use.
    unevaluated: false,
    dynamicRef: false,
    code: { source: true, esm: true, lines: true, optimize: false, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  return ajv;
}
