/**
 * `docval run` end to end on the embedded gateway: the demo docs pass, the wrong docs fail pointing at
 * the line to fix, in DB mode, DB-less mode and with two workers; secrets stay out of every output.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const DEMO = resolve(PROJECT_ROOT, "fixtures/demo-docs");
const WRONG = resolve(PROJECT_ROOT, "fixtures/wrong-docs");
const NEEDS_ENV = resolve(PROJECT_ROOT, "fixtures/needs-env");
const SECRET = "demo-secret-value-8d1f";

interface Test {
  name: string;
  status: string;
  filePath?: string;
  line?: number;
  message?: string;
  extra: { verdict: string; reason?: string; deployment: string; steps: { verdict: string; source: { file: string; line: number }; expected?: { status?: number }; actual?: { status?: number } }[] };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const out = mkdtempSync(join(tmpdir(), "docval-e2e-"));
  const json = join(out, "results.json");
  const r = await runCli(["run", ...args, "--reporter", `json=${json}`, "--reporter", "console"], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1", ...env },
  });
  const report = existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as { results: { tests: Test[]; summary: Record<string, number> } }) : undefined;
  return { ...r, report, out, jsonText: existsSync(json) ? readFileSync(json, "utf8") : "" };
}

const MODES: [string, string[]][] = [
  ["DB mode", ["--workers", "1"]],
  ["DB-less mode", ["--workers", "1", "--db-less"]],
  ["two workers", ["--workers", "2"]],
];

describe.each(MODES)("demo docs, %s", (_label, flags) => {
  it("every on-prem page passes", async () => {
    const r = await run([DEMO, ...flags]);
    const onPrem = r.report?.results.tests.filter((t) => t.extra.deployment === "on-prem") ?? [];
    expect(onPrem.length).toBeGreaterThanOrEqual(5);
    expect(onPrem.filter((t) => t.extra.verdict !== "passed").map((t) => `${t.name}: ${t.extra.verdict} ${t.message ?? ""}`)).toEqual([]);
    expect(r.code).toBe(0);
    const konnect = r.report?.results.tests.filter((t) => t.extra.deployment === "konnect") ?? [];
    for (const t of konnect) expect(t.extra.verdict).toBe("skipped");
  });
});

describe("a page that needs a value nobody provides", () => {
  it("is blocked, naming the variable, and the run still exits 0", async () => {
    const r = await run([NEEDS_ENV, "--workers", "1"]);
    const blocked = r.report?.results.tests.filter((t) => t.extra.verdict === "blocked") ?? [];
    expect(blocked.map((t) => t.filePath)).toEqual(["app/_how-tos/send-a-token.md"]);
    expect(blocked[0].extra.reason).toContain("DOCVAL_TEST_TOKEN");
    expect(r.code).toBe(0);
  });

  it("passes when the value is in the environment, and the value shows nowhere", async () => {
    const r = await run([NEEDS_ENV, "--workers", "1"], { DOCVAL_TEST_TOKEN: SECRET });
    expect(r.report?.results.tests.map((t) => t.extra.verdict)).toEqual(["passed"]);
    // the echo upstream sends the token back in its body, in a header, a query, basic auth and JSON
    expect(r.jsonText).toContain("[redacted:");
    expect(r.stdout + r.stderr + r.jsonText).not.toContain(SECRET);
    expect(r.jsonText).not.toContain(Buffer.from(`alex:${SECRET}`).toString("base64"));
  });
});

/** The 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  return readFileSync(join(WRONG, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
}

describe.each(MODES)("wrong docs, %s", (_label, flags) => {
  it("each wrong page fails with a message that points at the block to fix", async () => {
    const r = await run([WRONG, ...flags]);
    expect(r.code).toBe(1);
    const by = (f: string) => r.report?.results.tests.find((t) => t.filePath === `app/_how-tos/gateway/${f}`) as Test;
    const failingStep = (t: Test) => t.extra.steps.find((s) => s.verdict === "failed");
    for (const f of ["wrong-status.md", "wrong-path.md", "wrong-header.md", "wrong-plugin-config.md"]) expect(by(f)?.extra.verdict).toBe("failed");

    const status = by("wrong-status.md");
    expect(status.message).toContain("expected status 200, got 503");
    expect(failingStep(status)?.source.line).toBe(lineOf("app/_how-tos/gateway/wrong-status.md", "{% validation request-check %}"));
    expect(failingStep(status)?.actual?.status).toBe(503);

    const path = by("wrong-path.md");
    expect(path.message).toContain("expected status 200, got 404");
    expect(failingStep(path)?.source.line).toBe(lineOf("app/_how-tos/gateway/wrong-path.md", "{% validation request-check %}"));

    const header = by("wrong-header.md");
    expect(header.message).toContain("X-Served-By-Docs");
    expect(failingStep(header)?.source.line).toBe(lineOf("app/_how-tos/gateway/wrong-header.md", "{% validation request-check %}"));

    const config = by("wrong-plugin-config.md");
    expect(config.message).toMatch(/rejected .*rate-limiting.*minute/);
    const applyLine = lineOf("app/_how-tos/gateway/wrong-plugin-config.md", "{% entity_examples %}");
    expect(failingStep(config)?.source.line).toBe(applyLine);
    expect(config.message).toContain(`wrong-plugin-config.md:${applyLine}`);
    // The reproduction curl and the console point at the same place.
    expect(r.stdout).toContain(`app/_how-tos/gateway/wrong-status.md:${failingStep(status)?.source.line}`);
  });
});

describe("expected failures", () => {
  it("turns a listed failure into expected-failure, and a listed pass into unexpected-pass (exit 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "docval-ef-"));
    const file = join(dir, "ef.yaml");
    writeFileSync(file, ["- page: app/_how-tos/gateway/wrong-status.md", "  reason: the route is closed on purpose", "- page: app/_how-tos/gateway/wrong-path.md", "  reason: known", "  expires: 2000-01-01"].join("\n"));
    const r = await run([WRONG, "--workers", "1", "--expected-failures", file, "--grep", "wrong-(status|path)"]);
    const by = (f: string) => r.report?.results.tests.find((t) => t.filePath === `app/_how-tos/gateway/${f}`) as Test;
    expect(by("wrong-status.md").extra.verdict).toBe("expected-failure");
    expect(by("wrong-path.md").extra.verdict).toBe("failed");
    expect(by("wrong-path.md").extra.reason).toContain("expired on 2000-01-01");
    expect(r.code).toBe(1);

    writeFileSync(file, "app/_how-tos/gateway/proxy-to-anything.md: thought to be broken\n");
    const r2 = await run([DEMO, "--workers", "1", "--expected-failures", file, "--grep", "proxy-to-anything"]);
    const t = r2.report?.results.tests.find((x) => x.filePath === "app/_how-tos/gateway/proxy-to-anything.md" && x.extra.deployment === "on-prem");
    expect(t?.extra.verdict).toBe("unexpected-pass");
    expect(r2.code).toBe(1);
  });
});

describe("targets and interruption", () => {
  it("exits 3 naming the URL when the target cannot be reached", async () => {
    const r = await run([DEMO, "--admin-url", "http://127.0.0.1:1", "--proxy-url", "http://127.0.0.1:2"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("http://127.0.0.1:1");
  });

  it("exits 2 on a bad shard and 130 when interrupted, still writing the report", async () => {
    expect((await run([DEMO, "--shard", "3/2"])).code).toBe(2);
    const ac = new AbortController();
    ac.abort();
    const out = mkdtempSync(join(tmpdir(), "docval-int-"));
    const json = join(out, "results.json");
    const r = await runCli(["run", DEMO, "--workers", "1", "--reporter", `json=${json}`], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, CI: "true" }, signal: ac.signal });
    expect(r.code).toBe(130);
    expect(existsSync(json)).toBe(true);
  });

  it("shards split the pages without overlap", async () => {
    const a = await run([DEMO, "--workers", "1", "--shard", "1/2"], { DEMO_API_KEY: SECRET });
    const b = await run([DEMO, "--workers", "1", "--shard", "2/2"], { DEMO_API_KEY: SECRET });
    const fa = new Set(a.report?.results.tests.map((t) => t.filePath));
    const fb = new Set(b.report?.results.tests.map((t) => t.filePath));
    expect([...fa].filter((f) => fb.has(f))).toEqual([]);
    expect(fa.size + fb.size).toBe(5);
  });
});

describe("paths", () => {
  it("--root alone runs the root's pages, from any folder", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "docval-cwd-"));
    const r = await runCli(["run", "--root", DEMO, "--workers", "1"], { cwd: elsewhere, env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 passed/);
  });

  it("a folder with no pages is a usage error, not an empty green run", async () => {
    const r = await runCli(["run", join(DEMO, "app/_data")], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no pages to run");
  });
});

describe("config", () => {
  it("a hosts map naming an upstream the embedded gateway lacks is a config error (exit 2) with the known names", async () => {
    const { cpSync, writeFileSync: write } = await import("node:fs");
    const root = mkdtempSync(join(tmpdir(), "docval-hosts-"));
    cpSync(DEMO, root, { recursive: true });
    write(join(root, "docval.config.yaml"), "hosts:\n  api.example.com: htpbin\n");
    const r = await runCli(["run", root], { cwd: root, env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("api.example.com → htpbin");
    expect(r.stderr).toContain("known upstreams: httpbin");
  });
});
