/**
 * JSON Pointer (RFC 6901) in one place: its tokens, its string form (`/paths/~1orders/get`) and its
 * URI-fragment form (`#/paths/~1orders/get`, as a `$ref` writes it).
 *
 * The fragment form is percent-decoded token by token before `~1` and `~0` are undone, as
 * `@apidevtools/json-schema-ref-parser` (the bundler of `concord generate`) reads it: `%7E1` is `~1`
 * and so `/`, and a `%2F` stays inside its token. A `%` that starts no valid escape is kept as written.
 */

/** `a/b~c` → `a~1b~0c`. */
export function encodeToken(token: string | number): string {
  const text = String(token);
  return text.includes("~") || text.includes("/") ? text.replaceAll("~", "~0").replaceAll("/", "~1") : text;
}

/** `a~1b~0c` → `a/b~c`: `~1` first, so `~01` is `~1`. */
export function decodeToken(token: string): string {
  return token.includes("~") ? token.replaceAll("~1", "/").replaceAll("~0", "~") : token;
}

/**
 * The tokens of a pointer (`""`, `/a/b`) or of a fragment (`#`, `#/a/b`); undefined for a string that
 * is neither (`a/b`, or an anchor such as `#Order`). `/` is one empty token, `""` and `#` are the root.
 */
export function parsePointer(pointer: string): string[] | undefined {
  const fragment = pointer.startsWith("#");
  const body = fragment ? pointer.slice(1) : pointer;
  if (body === "") return [];
  if (!body.startsWith("/")) return undefined;
  const tokens = body.slice(1).split("/");
  return tokens.map((token) => decodeToken(fragment ? percentDecode(token) : token));
}

/** `["paths", "/orders", "get"]` → `/paths/~1orders/get`; no tokens → `""` (the root). */
export function formatPointer(tokens: readonly (string | number)[]): string {
  let out = "";
  for (const token of tokens) out += `/${encodeToken(token)}`;
  return out;
}

/** `base` with `tokens` appended: `joinPointer("/paths", "/orders")` → `/paths/~1orders`. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + formatPointer(tokens);
}

/**
 * The value at a pointer, fragment or token list, or undefined. Only own properties count (not
 * `constructor` or `__proto__` of every object); an array takes a decimal index.
 */
export function resolvePointer(root: unknown, pointer: string | readonly string[]): unknown {
  const tokens = typeof pointer === "string" ? parsePointer(pointer) : pointer;
  if (tokens === undefined) return undefined;
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (typeof node === "object" && node !== null && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function percentDecode(token: string): string {
  if (!token.includes("%")) return token;
  try {
    return decodeURIComponent(token);
  } catch {
    return token.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
