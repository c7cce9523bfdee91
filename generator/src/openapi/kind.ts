import type { ContractKind } from "../contract-kind.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { readOpenApiSettings, type OpenApiSettings } from "./config.js";
import { emitSdk } from "./emit-sdk.js";
import { emitTypes, usesReadWrite } from "./emit-types.js";
import { loadOpenApiDir } from "./load.js";
import type { OpenApiModel } from "./model.js";
import { emitServerStubs } from "./server/emit-server.js";

/**
 * OpenAPI 3.0/3.1/3.2 documents in `contracts/openapi/`. Each document gets its own folder,
 * `generated/openapi/<name>/`: `types.ts` (openapi-typescript), the client SDK under `sdk/`
 * and the server stubs under `server/`.
 */
export const openapiKind: ContractKind<OpenApiModel[]> = {
  folder: "openapi",
  load: async (dir, config) => {
    const { groupBy } = readOpenApiSettings(config);
    return (await loadOpenApiDir(dir)).map((model) => ({ ...model, groupBy }));
  },
  emit: async (models, config) => {
    const settings = readOpenApiSettings(config);
    const files: GeneratedFile[] = [];
    for (const model of models) {
      for (const file of await emitDocument(model, settings)) files.push({ path: `${model.name}/${file.path}`, content: file.content });
    }
    return files;
  },
};

/**
 * Every file of one document, paths relative to its folder: `types.ts`, and the SDK and the server
 * stubs unless `settings` (the config's `openapi` section) leaves them out. types.ts is emitted
 * last: openapi-typescript may then read `model.document` in place instead of a copy.
 */
export async function emitDocument(
  model: OpenApiModel,
  settings: OpenApiSettings = { sdk: true, server: true, responseSchemas: true, groupBy: "tag" },
): Promise<GeneratedFile[]> {
  const readWrite = usesReadWrite(model);
  const sdk = settings.sdk ? emitSdk(model, readWrite) : [];
  const server = settings.server ? emitServerStubs(model, { responseSchemas: settings.responseSchemas }) : [];
  return [await emitTypes(model, readWrite, true), ...sdk, ...server];
}
