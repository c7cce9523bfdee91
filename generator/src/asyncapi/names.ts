/** Identifier and file names derived from contract names, so every emitter spells them alike. */

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
}

export function pascalCase(text: string): string {
  return words(text)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** `orders.created` → `orders-created`, `OrderService` → `order-service`. */
export function kebabCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join("-");
}

export function isTypeName(text: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(text);
}

/** A property name as written in a TypeScript type: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
