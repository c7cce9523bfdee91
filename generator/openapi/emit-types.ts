import openapiTS, { astToString } from "openapi-typescript";
import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import type { OpenApiModel } from "./model.js";

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
  const document = consume ? model.document : structuredClone(model.document);
  const nodes = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    readWriteMarkers,
  });
  const body = astToString(nodes);
  return { path: "types.ts", content: `${generatedHeader("openapi-typescript", model.sourceFile)}\n${body}` };
}
