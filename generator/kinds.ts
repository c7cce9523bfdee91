import type { ContractKind } from "./contract-kind.js";

/** Every contract kind, in the order generation runs them. */
export const contractKinds: readonly ContractKind<any>[] = [];
