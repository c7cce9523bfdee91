import { enableCompileCache } from "node:module";

// Node keeps the compiled bytecode of the modules a command loads (the generator's TypeScript,
// openapi-typescript, @asyncapi/parser, …) in its compile cache in the OS temp folder, so a run after
// the first skips most of their compilation, as `tsc` itself does. NODE_DISABLE_COMPILE_CACHE=1 turns
// it off; NODE_COMPILE_CACHE=<dir> moves it. Enabled before main.js loads, so that is cached too.
enableCompileCache();

// `concord diff … | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

const { main } = await import("./main.js");
process.exitCode = await main(process.argv);
