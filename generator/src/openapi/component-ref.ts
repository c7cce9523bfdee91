import { parsePointer } from "../core/json-pointer.js";

/**
 * The component a local `$ref` names, `#/components/schemas/Order` → `{ name: "Order", rest: "" }`,
 * with the rest of a pointer below it as written (`#/components/schemas/Order/properties/id` →
 * rest `/properties/id`); undefined for any other `$ref`. The name is decoded as a fragment token
 * (`%20`, then `~1` and `~0`).
 */
export function componentRef(ref: unknown, section = "schemas"): { name: string; rest: string } | undefined {
  if (typeof ref !== "string") return undefined;
  const prefix = `#/components/${section}/`;
  if (!ref.startsWith(prefix)) return undefined;
  const slash = ref.indexOf("/", prefix.length);
  const token = slash === -1 ? ref.slice(prefix.length) : ref.slice(prefix.length, slash);
  if (token === "") return undefined;
  return { name: parsePointer(`#/${token}`)![0]!, rest: slash === -1 ? "" : ref.slice(slash) };
}
