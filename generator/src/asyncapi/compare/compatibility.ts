/** Schema-registry compatibility of a topic's payloads; `x-concord-compatibility` on a channel overrides it. */
export type Compatibility = "BACKWARD" | "FORWARD" | "FULL" | "NONE";
export const COMPATIBILITIES: readonly Compatibility[] = ["BACKWARD", "FORWARD", "FULL", "NONE"];
