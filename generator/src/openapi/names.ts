/** Identifiers for generated code, made from operationIds and tags as contracts spell them. */

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval")
    .split(" "),
);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** `orders/get-status` → `ordersGetStatus`; never a reserved word, never starting with a digit. */
export function camelName(text: string): string {
  const [first = "operation", ...rest] = words(text);
  let name = first.charAt(0).toLowerCase() + first.slice(1) + rest.map(capitalize).join("");
  if (/^\d/.test(name)) name = `op${name}`;
  return RESERVED.has(name) ? `${name}Operation` : name;
}

/** `getOrder` → `GetOrder`. */
export function pascalName(text: string): string {
  const name = words(text).map(capitalize).join("") || "Operation";
  return /^\d/.test(name) ? `Op${name}` : name;
}

/** A file name for a tag: `Order Items` → `order-items`. */
export function fileName(tag: string): string {
  return (
    words(tag)
      .map((w) => w.toLowerCase())
      .join("-") || "default"
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Hands out names, adding 2, 3… to repeats so two operations never share one. */
export class NameRegistry {
  private readonly used = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${name}${n}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** A TypeScript string literal. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
