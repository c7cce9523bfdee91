import { createRequire } from "node:module";
import { MissingPeerError } from "./missing-peer-error.js";

const require = createRequire(import.meta.url);

/**
 * Loads a CommonJS peer dependency (kafkajs, ajv) the first time an entry needs it. A static import
 * of a missing package fails in Node's loader before any code runs, with a stack trace that names
 * the runtime's file; this names the peer, the range and the command that installs it.
 */
export function requirePeer<T>(peer: string, range: string, entry: string): T {
  const name = packageName(peer);
  try {
    return require(peer) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === "MODULE_NOT_FOUND" && !installed(name)) throw new MissingPeerError(name, range, entry);
    throw error;
  }
}

function installed(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "ERR_PACKAGE_PATH_NOT_EXPORTED";
  }
}

/** `ajv/dist/2020.js` → `ajv`; `@scope/pkg/x` → `@scope/pkg`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
}
