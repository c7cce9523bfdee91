import { createRequire, enableCompileCache } from "node:module";

// As in cli.ts: Node's compile cache keeps the bytecode of what the plugin loads (protoplugin, the
// TypeScript it requires, the generator's proto emitters), so a run after the first starts faster.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; NODE_COMPILE_CACHE=<dir> moves it. Enabled before the
// plugin loads, so that is cached too.
enableCompileCache();

const { protocGenConcord } = await import("./protoc-gen-concord/plugin.js");
const { runNodeJs } = createRequire(import.meta.url)("@bufbuild/protoplugin") as typeof import("@bufbuild/protoplugin");
runNodeJs(protocGenConcord);
