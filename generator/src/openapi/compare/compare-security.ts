import { joinPointer } from "../../core/json-pointer.js";
import type { OperationPair, OperationSide } from "./compare-operation.js";
import type { OpenApiContext } from "./context.js";

/** One way to satisfy security: scheme name → scopes. An empty requirement means anonymous access. */
type Requirement = Map<string, Set<string>>;

/**
 * A client that satisfied one baseline alternative must still satisfy some head alternative;
 * otherwise security was added (a new scheme, a new scope, or the anonymous option removed).
 */
export function compareSecurity(ctx: OpenApiContext, { base, head, pointer, label }: OperationPair): void {
  const before = requirements(base);
  const after = requirements(head);
  const at = joinPointer(pointer, "security");
  for (const alternative of before) {
    if (after.some((candidate) => satisfiedBy(candidate, alternative))) continue;
    ctx.report(
      "api-security-added",
      "error",
      at,
      `${label}: clients authenticated with ${describe(alternative)} no longer meet the security requirements`,
    );
  }
  for (const alternative of after) {
    if (!before.some((candidate) => satisfiedBy(alternative, candidate) && satisfiedBy(candidate, alternative))) {
      ctx.report("api-security-alternative-added", "info", at, `${label}: security alternative ${describe(alternative)} added`);
    }
  }
}

function requirements(side: OperationSide): Requirement[] {
  const raw = side.operation["security"] ?? side.root["security"];
  if (!Array.isArray(raw) || raw.length === 0) return [new Map()];
  return raw.map((entry) => {
    const requirement: Requirement = new Map();
    for (const [scheme, scopes] of Object.entries(entry as Record<string, unknown>)) {
      requirement.set(scheme, new Set(Array.isArray(scopes) ? scopes.map(String) : []));
    }
    return requirement;
  });
}

/** True when a client holding `held` meets `required`. */
function satisfiedBy(required: Requirement, held: Requirement): boolean {
  for (const [scheme, scopes] of required) {
    const have = held.get(scheme);
    if (!have) return false;
    for (const scope of scopes) if (!have.has(scope)) return false;
  }
  return true;
}

function describe(requirement: Requirement): string {
  if (requirement.size === 0) return "no credentials";
  return [...requirement].map(([scheme, scopes]) => (scopes.size ? `${scheme}[${[...scopes].join(",")}]` : scheme)).join(" + ");
}
