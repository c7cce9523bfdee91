/**
 * `npx tsx examples/web/build.ts [outDir]`: writes the page as static files (index.html, app.js,
 * app.js.map) for any web server that forwards `/api/v1` to the gateway, and prints the size of
 * the script, minified and gzipped.
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundlePage } from "./server/bundle.js";

const outDir = process.argv[2] ?? ".tmp/web";
await mkdir(outDir, { recursive: true });
await copyFile(new URL("index.html", import.meta.url), join(outDir, "index.html"));
for (const [path, file] of await bundlePage()) {
  await writeFile(join(outDir, path), file.body);
  if (path.endsWith(".js")) {
    console.log(`${join(outDir, path)}: ${file.body.length} B minified, ${gzipSync(file.body, { level: 9 }).length} B gzipped`);
  }
}
