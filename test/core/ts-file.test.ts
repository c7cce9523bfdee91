import { describe, expect, it } from "vitest";
import { TsFile } from "../../generator/src/core/ts-file.js";

describe("TsFile", () => {
  it("imports exactly the symbols it printed, grouped per module, packages before relative paths", () => {
    const f = new TsFile("a.ts", "// header\n");
    const client = f.import("createClient", "@connectrpc/connect");
    const transport = f.importType("Transport", "@connectrpc/connect");
    const order = f.importType("Order", "./types.js");
    f.import("unused", "never-printed");
    f.print("export function make(t: ", transport, "): ", order, " {");
    f.print("  return ", client, "(t);");
    f.print("}");
    expect(f.toFile()).toEqual({
      path: "a.ts",
      content: [
        "// header",
        "",
        'import { createClient, type Transport } from "@connectrpc/connect";',
        'import type { Order } from "./types.js";',
        "",
        "export function make(t: Transport): Order {",
        "  return createClient(t);",
        "}",
        "",
      ].join("\n"),
    });
  });

  it("upgrades a type-only import to a value import when the value is printed too", () => {
    const f = new TsFile("b.ts", "");
    f.print(f.importType("Code", "x"), " ", f.import("Code", "x"));
    expect(f.toFile().content).toBe('import { Code } from "x";\n\nCode Code\n');
  });

  it("prints JSDoc from a description, escaping a closing comment", () => {
    const f = new TsFile("c.ts", "");
    f.jsdoc("One line */ here");
    f.jsdoc("First\n\nThird", "  ");
    f.jsdoc(undefined);
    expect(f.toFile().content).toBe("/** One line *\\/ here */\n  /**\n   * First\n   *\n   * Third\n   */\n");
  });

  it("aliases an import that a top-level declaration or an earlier module's import already names", () => {
    const f = new TsFile("d.ts", "");
    f.print("export function call(): void {");
    f.print("  ", f.import("call", "@concordkit/runtime/sdk"), "();");
    f.print("}");
    f.print("export type Pair = [", f.importType("Order", "./a.js"), ", ", f.importType("Order", "./b.js"), "];");
    expect(f.toFile().content).toBe(
      [
        'import { requireRuntime } from "@concordkit/runtime";',
        'import { call as call$1 } from "@concordkit/runtime/sdk";',
        'import type { Order } from "./a.js";',
        'import type { Order as Order$1 } from "./b.js";',
        "",
        'requireRuntime("0.1.0");',
        "",
        "export function call(): void {",
        "  call$1();",
        "}",
        "export type Pair = [Order, Order$1];",
        "",
      ].join("\n"),
    );
  });

  it("aliases the runtime check when the file declares requireRuntime itself", () => {
    const f = new TsFile("e.ts", "");
    f.print("export const requireRuntime = ", f.import("retry", "@concordkit/runtime"), ";");
    expect(f.toFile().content).toBe(
      'import { requireRuntime as requireRuntime$1, retry } from "@concordkit/runtime";\n\nrequireRuntime$1("0.1.0");\n\nexport const requireRuntime = retry;\n',
    );
  });
});
