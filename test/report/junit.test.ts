import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { junitReporter, toJunit } from "../../src/report/junit.js";
import { all, parseXml } from "./xml-check.js";
import { fixtureEvents, replayInto, tmp } from "./helpers.js";

const XSD = fileURLToPath(new URL("../fixtures/junit.xsd", import.meta.url));
const HAS_XMLLINT = existsSync("/usr/bin/xmllint");

async function write(): Promise<{ file: string; xml: string }> {
  const file = join(tmp(), "junit.xml");
  await replayInto([junitReporter({ kind: "file", path: file })], fixtureEvents("all-verdicts.jsonl"));
  return { file, xml: readFileSync(file, "utf8") };
}

describe("junit reporter", () => {
  it("writes well-formed XML: one testsuite per page, one testcase per step, file and line on each", async () => {
    const { xml } = await write();
    const root = parseXml(xml);
    expect(root.name).toBe("testsuites");
    const suites = all(root, "testsuite");
    expect(suites).toHaveLength(9); // 9 pages; the key-auth page has two variants in one suite
    const keyAuth = suites.find((s) => s.attrs.file === "app/_how-tos/protect-a-service-with-key-auth.md")!;
    expect(keyAuth.attrs.name).toBe("Protect a service with <Key Auth> & ACL");
    const cases = all(keyAuth, "testcase");
    expect(cases.map((c) => c.attrs.name)).toEqual([
      "[konnect] Protect a service with <Key Auth> & ACL",
      "[on-prem] step 1: apply entity_examples",
      "[on-prem] step 2: check request-check (OpenAI › cURL)",
    ]);
    expect(cases[2].attrs).toMatchObject({ file: "app/_includes/how-tos/validate-key-auth.md", line: "42" });
    const total = all(root, "testcase").length;
    expect(Number(root.attrs.tests)).toBe(total);
  });

  it("uses <failure> for assertions, <error> for broken targets and pages, <skipped message> for the rest", async () => {
    const root = parseXml((await write()).xml);
    const failures = all(root, "failure");
    const errors = all(root, "error");
    const skipped = all(root, "skipped");
    expect(failures.map((f) => f.attrs.message)).toEqual(["passed, but expected to fail: DOCS-999: preflight used to answer 404", "expected status 200, got 401"]);
    expect(failures[1].attrs.type).toBe("assert");
    expect(failures[1].text).toContain("expected 200, got 401");
    expect(failures[1].text).toContain("reproduce:");
    expect(errors.map((e) => e.attrs.type).sort()).toEqual(["page", "target"]);
    expect(skipped.map((s) => s.attrs.message)).toEqual(
      expect.arrayContaining([
        "skipped: deployment: konnect is not targeted by this run",
        "skipped: automated_tests: false",
        "blocked: missing env: ANTHROPIC_API_KEY",
        "unverified: not emulated: pre-function",
      ]),
    );
    expect(root.attrs).toMatchObject({ failures: "2", errors: "2" });
    // the expected failure is a passing case that says so
    expect(all(root, "system-out").some((o) => o.text.startsWith("expected failure (DOCS-1234"))).toBe(true);
  });

  it("strips characters XML cannot carry and escapes the rest", async () => {
    const { xml } = await write();
    expect(xml).not.toMatch(/[\u0007\u001b]/);
    expect(xml).toContain("&lt;/script&gt;");
  });

  it("writes a valid file for an empty run", () => {
    const xml = toJunit({
      meta: { docvalVersion: "0", blobVersion: 1, root: ".", startTime: "2026-01-01T00:00:00Z" },
      results: [],
      diagnostics: [],
      summary: { counts: { passed: 0, failed: 0, error: 0, skipped: 0, blocked: 0, unverified: 0, "expected-failure": 0, "unexpected-pass": 0 }, total: 0, start: "2026-01-01T00:00:00Z", stop: "2026-01-01T00:00:01Z", durationMs: 1000 },
    });
    expect(parseXml(xml).attrs.tests).toBe("0");
  });

  it.skipIf(!HAS_XMLLINT)("validates against the JUnit XSD with xmllint", async () => {
    const { file } = await write();
    const out = execFileSync("/usr/bin/xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(out).toBe("");
  });
});
