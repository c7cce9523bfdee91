import { createRequire } from "node:module";
import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { followRefs } from "./build-model.js";
import { asDataSchemaStreams } from "./event-stream.js";
import type { OpenApiModel } from "./model.js";

type OpenapiTypescript = Pick<typeof import("openapi-typescript"), "astToString" | "transformSchema" | "resolveRef" | "scanDiscriminators">;

const require = createRequire(import.meta.url);
let library: OpenapiTypescript | undefined;

/**
 * The four functions of openapi-typescript used here (and the TypeScript compiler under them),
 * loaded on first use through its CommonJS build: Node's own loader reads the 9 MB compiler
 * directly, while an ES import would pass it through the CLI's tsx hooks, whose lexer keeps
 * 32–64 MiB of WebAssembly memory. Required from the modules its index re-exports them from, one
 * for one (openapi-typescript 7.13): the index also loads `openapiTS`'s lint and bundle step,
 * @redocly/openapi-core, which is not used here and cost ~0.17 s of every `concord generate`.
 */
function openapiTypescript(): OpenapiTypescript {
  if (library) return library;
  const { astToString } = require("openapi-typescript/dist/lib/ts.cjs") as OpenapiTypescript;
  const { resolveRef, scanDiscriminators } = require("openapi-typescript/dist/lib/utils.cjs") as OpenapiTypescript;
  const transformSchema = require("openapi-typescript/dist/transform/index.cjs") as OpenapiTypescript["transformSchema"];
  return (library = { astToString, transformSchema, resolveRef, scanDiscriminators });
}

/** Whether any schema marks a property readOnly or writeOnly: then request and response types differ. */
export function usesReadWrite(model: OpenApiModel): boolean {
  const pending: unknown[] = [model.document];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== "object" || node === null) continue;
    const record = node as Record<string, unknown>;
    if (record.readOnly === true || record.writeOnly === true) return true;
    for (const value of Object.values(record)) if (typeof value === "object" && value !== null) pending.push(value);
  }
  return false;
}

/**
 * `types.ts`: the document's types by openapi-typescript (`paths`, `components`, `operations`),
 * with `$Read`/`$Write` markers when the contract uses readOnly/writeOnly, so the SDK can send
 * `Writable<T>` and receive `Readable<T>`.
 *
 * openapi-typescript annotates the document it reads, so it gets a copy unless `consume` says the
 * caller is done with `model.document` (the last emitter of a run: saves a copy of a 13 MB spec).
 */
export async function emitTypes(model: OpenApiModel, readWriteMarkers: boolean, consume = false): Promise<GeneratedFile> {
  const document = (consume ? model.document : structuredClone(model.document)) as unknown as OpenAPI3;
  // openapi-typescript reads an event stream's `schema` only: give 3.2 `itemSchema` streams that shape.
  if (model.openapiVersion.startsWith("3.2"))
    asDataSchemaStreams(document as unknown as Record<string, unknown>, followRefs(document as unknown as Record<string, unknown>));
  // openapiTS's Redocly bundle step always adds `components`; the types of a document without it differ.
  document.components ??= {};
  const { astToString, transformSchema } = openapiTypescript();
  const body = astToString(transformSchema(document, typesContext(document, readWriteMarkers)));
  return { path: "types.ts", content: `${generatedHeader("openapi-typescript", model.sourceFile)}\n${body}` };
}

/**
 * What `openapiTS(document, { silent: true, readWriteMarkers })` passes to `transformSchema`:
 * its defaults, option for option (openapi-typescript 7.13). `openapiTS` itself would first lint
 * and re-bundle the document with Redocly; the loader has already validated it against the
 * official schema and bundled it, and on GitHub's spec that second pass cost ~2 s and ~90 MB.
 * The golden tests pin the output, so an upgrade that changes the defaults shows up there.
 */
function typesContext(document: OpenAPI3, readWriteMarkers: boolean): GlobalContext {
  const { resolveRef, scanDiscriminators } = openapiTypescript();
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(document, { silent: true, readWriteMarkers }),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read only by the lint/bundle step that is skipped here; no transform looks at it.
    redoc: undefined as never,
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers,
    resolve: <T>($ref: string) => resolveRef<T>(document, $ref, { silent: true }),
  };
}
