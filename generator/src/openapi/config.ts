import type { ConcordConfig } from "../config.js";
import { ContractError } from "../core/contract-error.js";

/** The `openapi` section of concord.config.json: which parts `concord generate` writes per document. */
export interface OpenApiSettings {
  /** The client SDK under `<document>/sdk/`. Default true. */
  sdk: boolean;
  /** The server stubs under `<document>/server/`. Default true. */
  server: boolean;
  /** `server/response-schemas.ts`, for the router's `validateResponses`. Default true. */
  responseSchemas: boolean;
  /** How the SDK's files (and the scaffold's handler files) group operations. Default `tag`. */
  groupBy: SdkGrouping;
}

/**
 * `tag`: a file per first tag, untagged operations in `default` (a document without any tag is
 * grouped by path, as one `default` file would hold everything); `path`: by the first path
 * segment that names a resource (`/v1/customers/{id}` → `customers`).
 */
export type SdkGrouping = "tag" | "path";

const KEYS = ["sdk", "server", "responseSchemas"] as const;

/** The section's settings; a config object that did not come through `loadConfig` is checked here too. */
export function readOpenApiSettings(config: ConcordConfig): OpenApiSettings {
  const section = (config.openapi ?? {}) as Record<string, unknown>;
  const settings: OpenApiSettings = { sdk: true, server: true, responseSchemas: true, groupBy: "tag" };
  for (const key of KEYS) {
    const value = section[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") {
      throw new ContractError({ file: "concord.config.json", path: `/openapi/${key}`, rule: "config-type", message: "must be a boolean" });
    }
    settings[key] = value;
  }
  const groupBy = section["groupBy"];
  if (groupBy !== undefined && groupBy !== "tag" && groupBy !== "path") {
    throw new ContractError({
      file: "concord.config.json",
      path: "/openapi/groupBy",
      rule: "config-value",
      message: 'must be "tag" or "path"',
    });
  }
  if (groupBy !== undefined) settings.groupBy = groupBy;
  return settings;
}
