import { readFileSync } from "node:fs";

/**
 * The CLI's version, from its own package.json (one small file read, so `concord --version` loads
 * no generator code). The packages are released together: it equals the generator's CONCORD_VERSION.
 */
export const CLI_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;
