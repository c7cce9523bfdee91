/**
 * Identifiers and file names made from names as contracts spell them (operationIds, tags,
 * message names, channel addresses, proto services), for every emitter: one reading of a word,
 * one casing, one answer for reserved words and leading digits.
 */

/** Reserved in strict-mode JavaScript and TypeScript, so never a binding's name. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval"
  ).split(" "),
);

/** `getOrderStatus`, `get-order status`, `HTTPServer` → their words; humps split, punctuation dropped. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** `orders/get-status` → `OrdersGetStatus`. May start with a digit: see `identifier`. */
export function pascalCase(text: string): string {
  return words(text).map(upperFirst).join("");
}

/** `orders/get-status` → `ordersGetStatus`. May start with a digit or be reserved: see `identifier`. */
export function camelCase(text: string): string {
  return lowerFirst(pascalCase(text));
}

/** `orders.created` → `orders-created`, `OrderService` → `order-service`. */
export function kebabCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join("-");
}

/** `PaymentService` → `payment_service`, `HTTPServer` → `http_server`. */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A name safe to bind: `fallback` when empty, `_` before a leading digit (`2fa-verify` →
 * `_2faVerify`), `_` after a reserved word (`delete` → `delete_`).
 */
export function identifier(name: string, fallback: string): string {
  if (name === "") return fallback;
  if (/^[0-9]/.test(name)) return `_${name}`;
  return RESERVED.has(name) ? `${name}_` : name;
}

/** A property key as TypeScript needs it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A TypeScript string literal. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Hands out names, adding 2, 3… to repeats. Repeats are found without regard to case, so two
 * names never differ by case alone: not as file names on macOS or Windows, not as exports.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  /** `reserved`: names already in use, never handed out. */
  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${wanted}${n}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/** Whether a contract's name can stand as a TypeScript type name as it is: `Order`, not `order-line`. */
export function isTypeName(text: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(text);
}
