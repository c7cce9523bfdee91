import { isFailing } from "../compare-contracts.js";
import type { Finding } from "../../core/finding.js";
import { locate, type Formatter } from "./format.js";

/** JUnit XML: one test suite per contract file, one test case per finding; failing findings fail. */
export const formatJunit: Formatter = (input) => {
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const suites = [...byFile].map(([file, findings]) => {
    const failures = findings.filter((f) => isFailing(f, input.summary.failOn)).length;
    const cases = findings.map((f) => {
      const name = xml(`${f.rule} ${f.location}`.trim());
      const body = isFailing(f, input.summary.failOn)
        ? `\n      <failure message="${xml(f.message)}" type="${f.level}">${xml(`${locate(f)} ${f.message}`)}</failure>\n    `
        : f.accepted !== undefined
          ? `\n      <skipped message="${xml(`accepted: ${f.accepted}`)}"/>\n    `
          : "";
      return `    <testcase classname="${xml(file)}" name="${name}">${body}</testcase>`;
    });
    return `  <testsuite name="${xml(file)}" tests="${findings.length}" failures="${failures}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  if (suites.length === 0) {
    // Some CI systems treat a report without test cases as a missing report.
    suites.push(
      `  <testsuite name="contracts" tests="1" failures="0">\n    <testcase classname="contracts" name="compatible with ${xml(input.baseline)}"></testcase>\n  </testsuite>`,
    );
  }
  const total = Math.max(input.findings.length, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="concord ${input.mode}" tests="${total}" failures="${input.summary.failing}">`,
    ...suites,
    "</testsuites>",
  ].join("\n");
};

function xml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
