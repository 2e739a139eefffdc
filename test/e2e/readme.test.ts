/**
 * The README's main job, as a newcomer types it, and the built CLI that `npm ci` produces: both run the
 * demo docs on the embedded gateway to a green summary.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const env = { ...process.env, CI: "true", NO_COLOR: "1", GITHUB_ACTIONS: "" };
const SUMMARY = /9 variants: 5 passed, 0 failed, 0 error, 4 skipped, 0 blocked/;

/** Runs a command line in the project and expects the demo docs' green summary. */
function expectGreenDemo(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: PROJECT_ROOT, env, encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(SUMMARY);
}

describe("the README's first command", () => {
  it("is `npm run docval -- run fixtures/demo-docs`, and it ends green", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm ci && npm run docval -- run fixtures/demo-docs");
    expectGreenDemo("npm", ["run", "-s", "docval", "--", "run", "fixtures/demo-docs", "--out-dir", join(PROJECT_ROOT, "node_modules/.cache/docval-readme")]);
  }, 150_000);
});

describe("the demo docs", () => {
  it("are lint-clean: the project's own example pages follow the rules it checks", async () => {
    const { runCli } = await import("../helpers/cli.js");
    const r = await runCli(["lint", join(PROJECT_ROOT, "fixtures/demo-docs")]);
    expect(r.stdout).toMatch(/no problems found/i);
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!existsSync(join(PROJECT_ROOT, "dist/cli/main.js")))("the built CLI (dist/, made by npm ci)", () => {
  it("runs the demo docs on the embedded gateway (TLS material included)", () => {
    expectGreenDemo(process.execPath, ["dist/cli/main.js", "run", "fixtures/demo-docs", "--out-dir", join(PROJECT_ROOT, "node_modules/.cache/docval-dist")]);
  }, 150_000);
});
