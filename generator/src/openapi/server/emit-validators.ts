import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import { standaloneValidators, UNCHECKED, type ValidatorSchema } from "../../schema/validators.js";
import type { JsonSchema, OpenApiModel } from "../model.js";
import { componentViews, entryView, schemaBase } from "./validator-views.js";
import type { Direction } from "./schema-views.js";
import { runtime } from "../../core/runtime-symbols.js";
import { importLines } from "../../core/imports.js";
import { formatPointer } from "../../core/json-pointer.js";

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

/**
 * Compiles validators with ajv at generation time and emits ajv's standalone code, so a server
 * never compiles a schema at startup. Every violation is reported (allErrors); defaults from the
 * contract are filled in. The module is TypeScript so that a project's own `tsc` emits it with the
 * rest (a `.js` beside a `.d.ts` was left out of its outDir): ajv's code is left unchecked
 * (`@ts-nocheck`), its exports are typed.
 */
export function emitValidatorModule(model: OpenApiModel, module: ValidatorModule): GeneratedFile[] {
  const base = schemaBase(model);
  const schemas: ValidatorSchema[] = [];
  // Each component is its own schema, so ajv compiles it once and every validator calls it.
  for (const direction of [...new Set(module.entries.map((e) => e.direction))].sort()) {
    const roots = module.entries.filter((e) => e.direction === direction).map((e) => e.schema);
    for (const [, view] of componentViews(model, direction, roots)) schemas.push({ id: String(view.$id), schema: view });
  }
  const exports: Record<string, string> = {};
  for (const entry of module.entries) {
    const id = `${base}/validators/${entry.exportName}`;
    schemas.push({ id, schema: entryView(model, entry, id) });
    exports[entry.exportName] = id;
  }
  const header = generatedHeader(EMITTER, model.sourceFile);
  if (module.entries.length === 0) return [{ path: module.path, content: `${header}export {};\n` }];
  const options = {
    dialect: "2020-12",
    file: model.sourceFile,
    coerce: module.coerce,
    useDefaults: true,
    openapi: true,
    locate: (id: string) => locateSchema(id, base),
  } as const;
  const code = standaloneValidators(options, schemas, exports).replace(
    /^export const (\w+) = /gm,
    `export const $1: ${runtime.server.CompiledValidator.name} = `,
  );
  const ts = [header + UNCHECKED, ...importLines([runtime.server.CompiledValidator]), code.trimEnd(), ""].join("\n");
  return [{ path: module.path, content: ts }];
}

/** `concord:shop/request/Order` → `/components/schemas/Order`; an operation's own schema has no one pointer here. */
function locateSchema(id: string, base: string): string | undefined {
  for (const direction of ["request", "response"]) {
    const prefix = `${base}/${direction}/`;
    if (id.startsWith(prefix)) return formatPointer(["components", "schemas", decodeURIComponent(id.slice(prefix.length))]);
  }
  return undefined;
}
