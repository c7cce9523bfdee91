import { runtimeEntry } from "../core/runtime-entries.js";

/** ajv's standalone helpers, as its output `require`s them, and the name the runtime exports each under. */
const HELPERS: ReadonlyArray<{ required: RegExp; name: string }> = [
  { required: /require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, name: "ucs2length" },
  { required: /require\("ajv\/dist\/runtime\/equal"\)\.default/g, name: "equal" },
  { required: /require\("ajv-formats\/dist\/formats"\)\.fullFormats/g, name: "fullFormats" },
];

/**
 * ajv's standalone code `require`s small helpers from ajv's own internal paths. Generated code
 * takes them from the runtime's `/validation` entry instead: an ES import a bundler reads, and no
 * path into a package the project may not list.
 */
export function importAjvHelpers(code: string): string {
  let body = code.replace(/^"use strict";\n?/, "");
  const used: string[] = [];
  for (const helper of HELPERS) {
    const next = body.replace(helper.required, helper.name);
    if (next !== body) used.push(helper.name);
    body = next;
  }
  const left = /\brequire\("([^"]+)"\)/.exec(body);
  if (left) throw new Error(`ajv's standalone code requires ${left[1]}, which the runtime's validation entry does not provide`);
  if (used.length === 0) return body;
  return `import { ${used.sort().join(", ")} } from "${runtimeEntry.validation}";\n\n${body}`;
}
