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
}

const KEYS = ["sdk", "server", "responseSchemas"] as const;

/** The section's settings; a config object that did not come through `loadConfig` is checked here too. */
export function readOpenApiSettings(config: ConcordConfig): OpenApiSettings {
  const section = (config.openapi ?? {}) as Record<string, unknown>;
  const settings: OpenApiSettings = { sdk: true, server: true, responseSchemas: true };
  for (const key of KEYS) {
    const value = section[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") {
      throw new ContractError({ file: "concord.config.json", path: `/openapi/${key}`, rule: "config-type", message: "must be a boolean" });
    }
    settings[key] = value;
  }
  return settings;
}
