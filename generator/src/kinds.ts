import type { ContractKind } from "./contract-kind.js";

/** A contract kind by its folder, and its pipeline, imported only when that folder is there. */
export interface KindEntry {
  folder: ContractKind["folder"];
  pipeline(): Promise<ContractKind<unknown>>;
}

/**
 * Every contract kind, in the order generation reports them. Each pipeline is its own module graph
 * (openapi-typescript, buf and protoc-gen-es, @asyncapi/parser): a run loads only the kinds it has.
 */
export const contractKinds: readonly KindEntry[] = [
  { folder: "openapi", pipeline: async () => (await import("./openapi/kind.js")).openapiKind },
  { folder: "proto", pipeline: async () => (await import("./proto/kind.js")).protoKind },
  { folder: "asyncapi", pipeline: async () => (await import("./asyncapi/kind.js")).asyncapiKind },
];
