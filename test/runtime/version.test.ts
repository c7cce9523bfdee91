import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUNTIME_VERSION, RuntimeVersionError, requireRuntime } from "../../runtime/src/version.js";
import { CONCORD_VERSION } from "../../generator/src/core/version.js";

describe("requireRuntime: generated code and the runtime it needs", () => {
  it("knows its own version, and Concord releases the generator and the runtime together", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../runtime/package.json", import.meta.url), "utf8")) as { version: string };
    expect(RUNTIME_VERSION).toBe(pkg.version);
    expect(CONCORD_VERSION).toBe(pkg.version);
  });

  it("accepts the same version and later ones of the same release line, like a caret range", () => {
    for (const [needed, installed] of [
      ["0.1.0", "0.1.0"],
      ["0.1.0", "0.1.7"],
      ["1.2.3", "1.2.3"],
      ["1.2.3", "1.3.0"],
      ["1.2.3", "1.2.10"],
    ] as const) {
      expect(() => requireRuntime(needed, installed), `${needed} on ${installed}`).not.toThrow();
    }
  });

  it("refuses an older runtime, another major, or another 0.x minor, naming both versions", () => {
    for (const [needed, installed] of [
      ["0.1.3", "0.1.2"],
      ["0.2.0", "0.1.9"],
      ["0.1.0", "0.2.0"],
      ["1.2.3", "1.2.2"],
      ["1.2.3", "1.1.9"],
      ["1.0.0", "2.0.0"],
      ["1.0.0", "not-a-version"],
    ] as const) {
      let error: unknown;
      try {
        requireRuntime(needed, installed);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, `${needed} on ${installed}`).toBeInstanceOf(RuntimeVersionError);
      const message = (error as Error).message;
      expect(message).toContain(`Concord ${needed}`);
      expect(message).toContain(`but ${installed} is installed`);
      expect(message).toContain(`npm install @concordkit/runtime@^${needed}`);
      expect((error as Error).stack).toBe(`RuntimeVersionError: ${message}`);
    }
  });
});
