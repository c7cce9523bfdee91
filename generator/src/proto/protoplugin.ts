import { createRequire } from "node:module";

/**
 * @bufbuild/protoplugin's CommonJS build, the one protoc-gen-es (CommonJS only) runs on anyway. Its
 * ES build would be a second copy, and importing it makes Node scan the 9 MB TypeScript it imports
 * (CommonJS) for export names: about 0.2 s of every `concord generate`.
 */
export const protoplugin = createRequire(import.meta.url)("@bufbuild/protoplugin") as typeof import("@bufbuild/protoplugin");
