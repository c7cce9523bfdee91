import { importLines } from "../core/imports.js";
import { runtime } from "../core/runtime-symbols.js";
import type { ImportSymbol } from "../core/ts-file.js";

/** ajv's standalone helpers, as its output `require`s them, and the name the runtime exports each under. */
const HELPERS: ReadonlyArray<{ required: RegExp; symbol: ImportSymbol }> = [
  { required: /require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, symbol: runtime.validation.ucs2length },
  { required: /require\("ajv\/dist\/runtime\/equal"\)\.default/g, symbol: runtime.validation.equal },
  { required: /require\("ajv-formats\/dist\/formats"\)\.fullFormats/g, symbol: runtime.validation.fullFormats },
];

/**
 * ajv's standalone code `require`s small helpers from ajv's own internal paths. Generated code
 * takes them from the runtime's `/validation` entry instead: an ES import a bundler reads, and no
 * path into a package the project may not list.
 */
export function importAjvHelpers(code: string): string {
  let body = code.replace(/^"use strict";\n?/, "");
  const used: ImportSymbol[] = [];
  for (const { required, symbol } of HELPERS) {
    const next = body.replace(required, symbol.name);
    if (next !== body) used.push(symbol);
    body = next;
  }
  const left = /\brequire\("([^"]+)"\)/.exec(body);
  if (left) throw new Error(`ajv's standalone code requires ${left[1]}, which the runtime's validation entry does not provide`);
  if (used.length === 0) return body;
  return `${importLines(used).join("\n")}\n\n${body}`;
}
