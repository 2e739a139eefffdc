/**
 * Faults of the target and the network: an unreachable, failing or lying Admin API, a proxy that
 * never answers, an upstream that resets, a sync barrier that never converges, a target that dies
 * mid-run. Each run ends, within bounds, with every page reported and the right exit code.
 * Every server here is ours, on 127.0.0.1 port 0.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/core/events.js";
import { Redactor } from "../../src/core/redact.js";
import type { VariantResult } from "../../src/core/results.js";
import { openCheckout } from "../../src/docs/checkout.js";
import { startGateway } from "../../src/emulator/server.js";
import { buildPlan } from "../../src/plan/build.js";
import { runPlan, type RunOptions, type Target } from "../../src/run/run.js";
import { runCli } from "../helpers/cli.js";
import { check, closedPort, forwarder, httpServer, page, resettingServer, silentServer, tmpCheckout, type Listening } from "./net.js";

const env = { ...process.env, CI: "true", NO_COLOR: "1", GITHUB_ACTIONS: "" };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});
const keep = <T extends Listening>(l: T): T => {
  cleanups.push(() => l.close());
  return l;
};
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "docval-faults-"));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

const THREE = {
  "a-first.md": page("First", check("/echo")),
  "b-second.md": page("Second", check("/echo")),
  "c-third.md": page("Third", check("/echo")),
};

interface JsonReport {
  results: { summary: { tests: number }; tests: { status: string; message?: string; extra: { verdict: string; page: { file: string } } }[] };
}
const readReport = (dir: string): JsonReport => JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as JsonReport;

/** runPlan in-process with a collecting sink, for options the CLI does not expose (barrier timeout). */
async function runApi(root: string, target: Target, o: Partial<RunOptions> = {}): Promise<{ results: VariantResult[]; events: RunEvent[]; targetBroke: boolean }> {
  const opened = openCheckout([root], { cwd: root });
  const plan = buildPlan(opened.checkout as NonNullable<typeof opened.checkout>, opened.pageFiles);
  const events: RunEvent[] = [];
  const outcome = await runPlan(plan, target, { emit: async (e) => void events.push(e) }, { workers: 1, redactor: new Redactor(), timeoutMs: 500, barrierTimeoutMs: 1_000, ...o });
  return { results: outcome.results, events, targetBroke: outcome.facts.targetBroke ?? false };
}

describe("the target at start", () => {
  it("unreachable: exit 3 naming the Admin URL, and a valid (empty) report", async () => {
    const root = tmpCheckout(THREE);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const admin = `http://127.0.0.1:${await closedPort()}`;
    const out = tmp();
    const r = await runCli(["run", root, "--admin-url", admin, "--proxy-url", `http://127.0.0.1:${await closedPort()}`, "--reporter", "json", "--out-dir", out], { cwd: root, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(admin);
    if (existsSync(join(out, "results.json"))) expect(() => readReport(out)).not.toThrow();
  });

  it.each<[string, { status: number; body: string; contentType?: string }]>([
    ["500", { status: 500, body: '{"message":"An unexpected error occurred"}' }],
    ["garbage", { status: 200, body: "<html>definitely not Kong", contentType: "text/html" }],
    ["JSON without a version", { status: 200, body: '{"tagline":"Welcome to kong"}' }],
  ])("an Admin API answering %s: exit 3 naming the URL", async (_label, answer) => {
    const root = tmpCheckout(THREE);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const admin = keep(
      await httpServer((_req, res) => {
        res.writeHead(answer.status, { "content-type": answer.contentType ?? "application/json" });
        res.end(answer.body);
      }),
    );
    const r = await runCli(["run", root, "--admin-url", admin.url, "--proxy-url", admin.url, "--reporter", "json", "--out-dir", tmp()], { cwd: root, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(admin.url);
  });
});

describe("faults during a run", () => {
  const gateways: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const g of gateways) await g.stop();
  });
  const gateway = async () => {
    const g = await startGateway({});
    gateways.push(g);
    return g;
  };

  it.each([
    ["500", { status: 500, body: '{"message":"An unexpected error occurred"}' }, "500"],
    ["200 with a body that is not JSON", { status: 200, body: "}{ garbage" }, "not a JSON entity"],
  ])("an Admin API answering %s to the page's writes: those pages end `error` (the target's fault, not the docs'), exit 3", async (_label, answer, says) => {
    const gw = await gateway();
    // docval's own sync sentinel goes through; everything the pages write gets `answer`.
    const admin = keep(await forwarder(gw.adminUrl, (m, p) => (m !== "GET" && !p.includes("docval-sync") && !/\/plugins\/[0-9a-f-]{36}$/.test(p) ? answer : "pass")));
    const root = tmpCheckout(THREE);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const out = tmp();
    const r = await runCli(["run", root, "--admin-url", admin.url, "--proxy-url", gw.proxyUrl, "--reporter", "json", "--out-dir", out, "--timeout", "2000"], { cwd: root, env });
    expect(r.code).toBe(3);
    const tests = readReport(out).results.tests;
    expect(tests).toHaveLength(3);
    for (const t of tests) {
      expect(t.extra.verdict).toBe("error");
      expect(t.message).toContain(says);
    }
  }, 60_000);

  it("a proxy that accepts connections and never answers: the timeout fires at start, exit 3 naming the proxy", async () => {
    const gw = await gateway();
    const proxy = keep(await silentServer());
    const root = tmpCheckout(THREE);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const started = Date.now();
    const r = await runCli(["run", root, "--admin-url", gw.adminUrl, "--proxy-url", proxy.url, "--timeout", "500", "--reporter", "json", "--out-dir", tmp()], { cwd: root, env });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(proxy.url);
    expect(r.stderr).toMatch(/TIMEOUT|within \d+ ms/);
  }, 60_000);

  it("a proxy that never answers the page's requests: each check times out and fails with the timeout", async () => {
    const gw = await gateway();
    const proxy = keep(await forwarder(gw.proxyUrl, (_m, p) => (p.startsWith("/echo") ? "hang" : "pass")));
    const root = tmpCheckout({ "a-first.md": THREE["a-first.md"], "b-second.md": THREE["b-second.md"] });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const started = Date.now();
    const { results } = await runApi(root, { kind: "remote", adminUrls: [gw.adminUrl], proxyUrls: [proxy.url], adminHeaders: {} });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(results).toHaveLength(2);
    for (const res of results) {
      expect(["failed", "error"]).toContain(res.verdict);
      expect(JSON.stringify(res.steps.at(-1))).toMatch(/TIMEOUT|timed out|within \d+ ms/i);
    }
  }, 60_000);

  it("a sync barrier that never converges after an apply: the page ends `error` naming what did not converge", async () => {
    const gw = await gateway();
    let frozen = false;
    const admin = keep(await forwarder(gw.adminUrl, (m, p) => {
      if (m !== "GET" && p.includes("echo-service")) frozen = true;
      return "pass";
    }));
    // After the page's first write, the proxy never shows the sentinel's new generation.
    const proxy = keep(await forwarder(gw.proxyUrl, (_m, p) => (frozen && p.startsWith("/__docval/sync") ? { status: 404, body: '{"message":"no Route matched with those values"}' } : "pass")));
    const root = tmpCheckout({ "a-first.md": THREE["a-first.md"] });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const started = Date.now();
    const { results } = await runApi(root, { kind: "remote", adminUrls: [admin.url], proxyUrls: [proxy.url], adminHeaders: {} });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(frozen).toBe(true);
    expect(results).toHaveLength(1);
    expect(results[0].verdict).toBe("error");
    const text = JSON.stringify(results[0]);
    expect(text).toMatch(/generation|sync|converge/i);
    expect(text).toContain("404");
  }, 60_000);

  it("an upstream that resets connections: the check fails with what happened, the next page still passes", async () => {
    const upstream = keep(await resettingServer());
    const resetPage = page(
      "Reset",
      `{% entity_examples %}\nentities:\n  services:\n    - name: reset-service\n      url: http://127.0.0.1:${upstream.port}/\n      routes:\n        - name: reset-route\n          paths: [/reset]\n          protocols: [http, https]\n{% endentity_examples %}\n\n${check("/reset")}`,
      false,
    );
    const root = tmpCheckout({ "a-reset.md": resetPage, "b-good.md": page("Good", check("/echo")) });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const out = tmp();
    const r = await runCli(["run", root, "--workers", "1", "--reporter", "json", "--out-dir", out], { cwd: root, env });
    expect(r.code).toBe(1);
    expect(upstream.hits()).toBeGreaterThan(0);
    const tests = readReport(out).results.tests;
    const reset = tests.find((t) => t.extra.page.file.endsWith("a-reset.md"));
    expect(reset?.extra.verdict).toBe("failed");
    expect(reset?.message).toMatch(/502/);
    expect(tests.find((t) => t.extra.page.file.endsWith("b-good.md"))?.extra.verdict).toBe("passed");
  }, 60_000);

  it("a target that dies mid-run: the remaining pages end `error`, reports are written, exit 3, no hang", async () => {
    const gw = await gateway();
    let admin: Listening | undefined;
    let proxy: Listening | undefined;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      void admin?.close();
      void proxy?.close();
    };
    admin = keep(await forwarder(gw.adminUrl));
    // Once the first page's own request has been answered, the whole target goes away.
    proxy = keep(await forwarder(gw.proxyUrl, () => "pass", (_m, p) => p.startsWith("/echo") && kill()));
    const root = tmpCheckout(THREE);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const out = tmp();
    const started = Date.now();
    const r = await runCli(["run", root, "--workers", "1", "--admin-url", admin.url, "--proxy-url", proxy.url, "--reporter", "json", "--reporter", "junit", "--out-dir", out, "--timeout", "1000"], { cwd: root, env });
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(killed).toBe(true);
    expect(r.code).toBe(3);
    const tests = readReport(out).results.tests;
    expect(tests.map((t) => t.extra.page.file).sort()).toEqual(["app/_how-tos/t/a-first.md", "app/_how-tos/t/b-second.md", "app/_how-tos/t/c-third.md"]);
    expect(tests.find((t) => t.extra.page.file.endsWith("a-first.md"))?.extra.verdict).toBe("passed");
    for (const name of ["b-second.md", "c-third.md"]) expect(tests.find((t) => t.extra.page.file.endsWith(name))?.extra.verdict, name).toBe("error");
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain("c-third.md");
  }, 60_000);
});
