/** A compiled OpenAPI path template such as `/orders/{orderId}/items`. */
export interface PathTemplate {
  readonly template: string;
  readonly segments: readonly Segment[];
}

type Segment = { literal: string } | { param: string };

export function compilePath(template: string): PathTemplate {
  const segments = splitPath(template).map((part): Segment => {
    const param = /^\{([^{}]+)\}$/.exec(part);
    return param ? { param: param[1]! } : { literal: part };
  });
  return { template, segments };
}

/** The template's parameters if `path` (already split) matches it, else undefined. */
export function matchPath(compiled: PathTemplate, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== compiled.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = compiled.segments[i]!;
    const part = parts[i]!;
    if ("literal" in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part === "") return undefined;
      params[segment.param] = part;
    }
  }
  return params;
}

/**
 * Orders templates so the most specific one matches first: at the first segment where two
 * templates differ, a literal beats a parameter (`/orders/stream` before `/orders/{id}`).
 */
export function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const la = "literal" in a.segments[i]!;
    const lb = "literal" in b.segments[i]!;
    if (la !== lb) return la ? -1 : 1;
  }
  return a.template < b.template ? -1 : a.template > b.template ? 1 : 0;
}

/** Splits a URL path into raw segments (still percent-encoded). */
export function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? [] : trimmed.split("/");
}
