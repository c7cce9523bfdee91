#!/usr/bin/env node
// protoc-gen-concord, the protoc plugin `buf generate` runs: compiled JavaScript (dist/), loading the
// generator's proto model and emitters only, not the concord command.
try {
  await import("../dist/protoc-gen-concord.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("/dist/protoc-gen-concord.js")) {
    console.error("protoc-gen-concord: this checkout of @concordkit/cli is not built; run `npm run build`");
    process.exit(1);
  }
  throw error;
}
