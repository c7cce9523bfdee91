#!/usr/bin/env node
// The concord command: compiled JavaScript (dist/), so a start costs Node's own start and the modules the command uses.
try {
  await import("../dist/cli.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("/dist/cli.js")) {
    console.error(
      "concord: this checkout of @concordkit/cli is not built; run `npm run build` (or `npm run concord -- <args>` to run from source)",
    );
    process.exit(4);
  }
  throw error;
}
