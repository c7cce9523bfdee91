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
});
