/**
 * Bundles the page script with esbuild, in memory, once when the server starts: the generated SDK
 * and the runtime core it imports end up in one ES module for the browser, with a source map.
 */
import { fileURLToPath } from "node:url";
import { basename } from "node:path";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));

/** The bundle's files by URL path (`/app.js`, `/app.js.map`). */
export type PageBundle = ReadonlyMap<string, { contentType: string; body: Uint8Array }>;

export async function bundlePage(options: { minify?: boolean } = {}): Promise<PageBundle> {
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    format: "esm",
    platform: "browser",
    // In this repository @concordkit/runtime resolves to its TypeScript sources (no build first).
    conditions: ["@concordkit/source"],
    target: "es2022",
    minify: options.minify ?? true,
    sourcemap: "linked",
    outdir: "/bundle",
    write: false,
    logLevel: "silent",
  });
  const files = new Map<string, { contentType: string; body: Uint8Array }>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    files.set(`/${name}`, {
      contentType: name.endsWith(".map") ? "application/json" : "text/javascript; charset=utf-8",
      body: file.contents,
    });
  }
  return files;
}
