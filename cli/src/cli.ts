import { enableCompileCache } from "node:module";

// Node keeps the compiled bytecode of the modules a command loads (the generator's TypeScript,
// openapi-typescript, @asyncapi/parser, …) in its compile cache in the OS temp folder, so a run after
// the first skips most of their compilation, as `tsc` itself does. NODE_DISABLE_COMPILE_CACHE=1 turns
// it off; NODE_COMPILE_CACHE=<dir> moves it. Enabled before main.js loads, so that is cached too.
enableCompileCache();

const { main } = await import("./main.js");
process.exitCode = await main(process.argv);
