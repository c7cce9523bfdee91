import { asyncapiKind } from "./asyncapi/kind.js";
import type { ContractKind } from "./contract-kind.js";
import { openapiKind } from "./openapi/kind.js";
import { protoKind } from "./proto/kind.js";

/** Every contract kind, in the order generation runs them. */
export const contractKinds: readonly ContractKind<any>[] = [openapiKind, protoKind, asyncapiKind];
