/**
 * Keywords whose values are data, not schemas: a `$ref` key there is no reference, nor are `$id`
 * and `$anchor`. What the `$ref` check and the anchor rewrite both skip.
 */
export const DATA_KEYWORDS: ReadonlySet<string> = new Set(["example", "examples", "const", "enum"]);
