/** `create-order`, `repos/get`, `createOrder` → `CreateOrder`, `ReposGet`, `CreateOrder`. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  const safe = joined === "" ? "Operation" : joined;
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal.startsWith("_") ? pascal : pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** A property key as TypeScript needs it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Hands out unique names: a second `ReposGet` becomes `ReposGet2`. */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }
}
