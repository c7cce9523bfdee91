/** JSDoc blocks from descriptions, as every emitter and the scaffold print them (generator/src/core/jsdoc.ts). */
import { describe, expect, it } from "vitest";
import { LINE_WIDTH } from "../../generator/src/core/imports.js";
import { jsdocLines } from "../../generator/src/core/jsdoc.js";

describe("jsdocLines", () => {
  it("prints nothing for no text, one line when it fits, and escapes a closing comment", () => {
    expect(jsdocLines(undefined)).toEqual([]);
    expect(jsdocLines("  \n")).toEqual([]);
    expect(jsdocLines("Ends */ here", "  ")).toEqual(["  /** Ends *\\/ here */"]);
  });

  it(`wraps prose past ${LINE_WIDTH} columns, a list item under its text, and keeps code and tables as written`, () => {
    const prose = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const code = `    const x = ${"y".repeat(130)};`;
    const table = `| a | ${"b".repeat(130)} |`;
    const lines = jsdocLines([prose, "", `- ${prose}`, "", "```", "z".repeat(130), "```", code, table].join("\n"), "  ");
    expect(lines[0]).toBe("  /**");
    expect(lines.at(-1)).toBe("   */");
    const prosed = lines.filter((line) => line.includes("word"));
    expect(prosed.every((line) => line.length <= LINE_WIDTH)).toBe(true);
    expect(
      prosed
        .join(" ")
        .replace(/ \* |-/g, " ")
        .split(/\s+/)
        .filter(Boolean).length,
    ).toBe(60);
    // The list item's continuation hangs under its text, so Markdown keeps it in the item.
    expect(lines.some((line) => line.startsWith("   *   word"))).toBe(true);
    expect(lines).toContain(`   * ${"z".repeat(130)}`);
    expect(lines).toContain(`   * ${code}`);
    expect(lines).toContain(`   * ${table}`);
  });
});
