/**
 * SIGTERM and SIGINT mid-run, on a real child process: the run stops, what it created on the gateway
 * is deleted, the reports written so far are valid, and the exit code is 130. Also: 4 workers over the
 * same pages, several times, reach the same verdicts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startGateway } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import { check, forwarder, page, tmpCheckout } from "./net.js";

const CLI = join(process.cwd(), "src/cli/main.ts");
const env = { ...process.env, CI: "true", NO_COLOR: "1", GITHUB_ACTIONS: "" };

async function entities(adminUrl: string): Promise<string[]> {
  const names: string[] = [];
  for (const kind of ["services", "routes", "plugins", "consumers"]) {
    const r = await fetch(`${adminUrl}/${kind}`);
    const body = (await r.json()) as { data: { name?: string; username?: string; id: string; tags?: string[] | null }[] };
    for (const e of body.data) names.push(`${kind}:${e.name ?? e.username ?? e.id}:${(e.tags ?? []).join(",")}`);
  }
  return names;
}

describe.each(["SIGTERM", "SIGINT"] as const)("%s mid-run", (signal) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it("resets what the run created, writes valid partial reports, exits 130", async () => {
    const gw = await startGateway({});
    cleanup.push(() => gw.stop());
    let reached: () => void = () => undefined;
    const inCheck = new Promise<void>((r) => (reached = r));
    // The second page's request never gets an answer: the run is stuck in a check when the signal comes.
    const proxy = await forwarder(gw.proxyUrl, (_m, p) => {
      if (!p.startsWith("/echo/slow")) return "pass";
      reached();
      return "hang";
    });
    cleanup.push(() => proxy.close());
    const root = tmpCheckout({
      "a-first.md": page("First", check("/echo/fast")),
      "b-stuck.md": page("Stuck", `{% entity_examples %}\nentities:\n  consumers:\n    - username: someone\n{% endentity_examples %}\n\n${check("/echo/slow")}`),
      "c-never.md": page("Never", check("/echo/fast")),
    });
    const out = mkdtempSync(join(tmpdir(), "docval-sig-"));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    cleanup.push(() => rmSync(out, { recursive: true, force: true }));

    const before = await entities(gw.adminUrl);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CLI, "run", root, "--workers", "1", "--admin-url", gw.adminUrl, "--proxy-url", proxy.url, "--timeout", "30000", "--reporter", "json", "--reporter", "junit", "--out-dir", out],
      { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const killer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    try {
      await Promise.race([inCheck, exited.then(() => Promise.reject(new Error(`exited before the check:\n${output}`)))]);
      const mid = await entities(gw.adminUrl);
      expect(mid.some((e) => e.startsWith("consumers:someone"))).toBe(true);
      child.kill(signal);
      const code = await exited;
      expect(code, output).toBe(130);
    } finally {
      clearTimeout(killer);
    }
    // What the run created is gone; the gateway is as it was before the run.
    expect(await entities(gw.adminUrl)).toEqual(before);
    const report = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { results: { tests: { extra: { verdict: string; page: { file: string } } }[] } };
    const verdicts = Object.fromEntries(report.results.tests.map((t) => [t.extra.page.file.replace(/^.*\//, ""), t.extra.verdict]));
    expect(verdicts["a-first.md"]).toBe("passed");
    expect(verdicts["c-never.md"]).toBeUndefined();
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toMatch(/<testsuites[\s\S]*<\/testsuites>\s*$/);
  }, 60_000);
});

describe("4 workers, same pages, several runs", () => {
  it("gives the same verdicts every time (no cross-talk of gateways, env, cookies or captures)", async () => {
    const runs: Record<string, string>[] = [];
    for (let i = 0; i < 3; i++) {
      const out = mkdtempSync(join(tmpdir(), "docval-conc-"));
      try {
        const r = await runCli(["run", "fixtures/demo-docs", "--workers", "4", "--reporter", "json", "--out-dir", out], {
          env: { ...env, DEMO_API_KEY: "conc-key-1234", DECK_DEMO_API_KEY: "conc-key-1234" },
        });
        expect(r.code, r.stdout + r.stderr).toBe(0);
        const report = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { results: { tests: { extra: { verdict: string; deployment: string; page: { file: string } } }[] } };
        runs.push(Object.fromEntries(report.results.tests.map((t) => [`${t.extra.page.file} ${t.extra.deployment}`, t.extra.verdict])));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    expect(Object.values(runs[0]).filter((v) => v === "passed").length).toBeGreaterThanOrEqual(5);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  }, 120_000);
});
