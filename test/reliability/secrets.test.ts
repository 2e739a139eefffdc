/**
 * Secrets and safety. A canary value given as env is used by a page in a header, a JSON body, a URL
 * query, basic auth and a decK config; the page fails on purpose so every failure detail (request,
 * echoed response, reproduction curl) is printed. After a run with every reporter the canary is in no
 * file, no console line and no error, in any of the forms it could take on the way.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startGateway } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import { check, httpServer, page, tmpCheckout } from "./net.js";

const CANARY = "cAnArY+s3cr3t/Zq9=";
const USER = "alice";
const env = { ...process.env, CI: "true", NO_COLOR: "1", GITHUB_ACTIONS: "", CANARY_TOKEN: CANARY, DECK_CANARY_TOKEN: CANARY };

/** Every form the canary could leak in. */
function forms(secret: string): Record<string, string> {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return {
    raw: secret,
    urlEncoded: encodeURIComponent(secret),
    formEncoded: new URLSearchParams({ x: secret }).toString().slice(2),
    base64: b64(secret),
    base64Url: Buffer.from(secret).toString("base64url"),
    basicAuth: b64(`${USER}:${secret}`),
    jsonEscaped: JSON.stringify(secret).slice(1, -1).replace(/\//g, "\\/"),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const ALL_REPORTERS = ["console", "json", "junit", "markdown", "html", "github", "blob"].flatMap((r) => ["--reporter", r]);

describe("a canary secret", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("appears in no report file, no console output and no error, in any encoding", async () => {
    const body = [
      "{% entity_examples %}",
      "entities:",
      "  consumers:",
      "    - username: canary-user",
      "      keyauth_credentials:",
      "        - key: ${canary}",
      "variables:",
      "  canary:",
      "    value: $CANARY_TOKEN",
      "{% endentity_examples %}",
      "",
      check("/echo?token=$CANARY_TOKEN", 418, `headers:\n  - 'x-api-key: $CANARY_TOKEN'\nmethod: POST\nbody:\n  token: $CANARY_TOKEN\n  nested:\n    - $CANARY_TOKEN\nuser: ${USER}:$CANARY_TOKEN\n`),
      check("/echo/$CANARY_TOKEN", 200, "headers:\n  - 'authorization: Bearer $CANARY_TOKEN'\n"),
    ].join("\n");
    const root = tmpCheckout({ "canary.md": page("Canary", body) });
    const out = mkdtempSync(join(tmpdir(), "docval-canary-"));
    dirs.push(root, out);
    const r = await runCli(["run", root, "--workers", "1", ...ALL_REPORTERS, "--debug", "--out-dir", out], { cwd: out, env: { ...env, GITHUB_ACTIONS: "true" } });
    // The page failed (418 expected on purpose), so every failure detail was printed.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("reproduce");
    // --debug wrote every step in full (the echo sends the token back in headers, query and body)
    expect(r.stderr).toContain("[debug] response: 200");
    expect(r.stdout).toContain("$CANARY_TOKEN");
    const written = filesUnder(out);
    expect(written.length).toBeGreaterThanOrEqual(5);
    const texts: [string, string][] = [["stdout", r.stdout], ["stderr", r.stderr], ...written.map((f): [string, string] => [f, readFileSync(f, "utf8")])];
    for (const [where, text] of texts) {
      for (const [form, value] of Object.entries(forms(CANARY))) {
        expect(text.includes(value), `${form} canary in ${where}`).toBe(false);
      }
    }
  }, 60_000);
});

describe("the canary scan", () => {
  it("sees the canary when the value is declared public (so the scan above can fail)", async () => {
    const root = tmpCheckout({ "canary.md": page("Canary", check("/echo?token=$CANARY_TOKEN", 418)) }, { "docval.config.yaml": "public:\n  - CANARY_TOKEN\n" });
    const out = mkdtempSync(join(tmpdir(), "docval-canary-public-"));
    try {
      const r = await runCli(["run", root, "--workers", "1", "--reporter", "json", "--out-dir", out], { cwd: out, env });
      expect(r.code).toBe(1);
      const text = r.stdout + readFileSync(join(out, "results.json"), "utf8");
      expect(Object.entries(forms(CANARY)).some(([, v]) => text.includes(v))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("shell steps", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const shellPage = (cmd: string, expected = "") =>
    page("Shell", `{% validation custom-command %}\ncommand: ${JSON.stringify(cmd)}\nexpected:\n  return_code: 0\n${expected ? `  message: ${JSON.stringify(expected)}\n` : ""}{% endvalidation %}\n`, false);

  async function runShellPage(cmd: string, extraArgs: string[], extraEnv: Record<string, string> = {}, expected = "") {
    const root = tmpCheckout({ "shell.md": shellPage(cmd, expected) });
    const out = mkdtempSync(join(tmpdir(), "docval-shell-"));
    dirs.push(root, out);
    const r = await runCli(["run", root, "--workers", "1", "--reporter", "json", "--out-dir", out, ...extraArgs], { cwd: out, env: { ...env, ...extraEnv } });
    const report = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { results: { tests: { message?: string; extra: { verdict: string; reason?: string; steps: { verdict: string; message?: string }[] } }[] } };
    return { r, test: report.results.tests[0], root };
  }

  it("do not run without --allow-shell: skipped with that reason", async () => {
    const marker = join(tmpdir(), `docval-shell-ran-${process.pid}`);
    const { test } = await runShellPage(`touch ${marker}`, []);
    expect(() => statSync(marker)).toThrow();
    expect(test.extra.steps[0].verdict).toBe("skipped");
    expect(test.extra.steps[0].message).toContain("--allow-shell");
  }, 60_000);

  it("with --allow-shell run, and their output is checked", async () => {
    const { test } = await runShellPage("echo shell-ran", ["--allow-shell"], {}, "shell-ran");
    expect(test.extra.verdict).toBe("passed");
  }, 60_000);

  it("with --allow-shell do not inherit env the page does not reference, but get what it names", async () => {
    // the command does not name the variable ($NAME), so it must not be in the step's environment
    const leak = await runShellPage("if env | grep -q UNRELATED_SECRET; then exit 1; fi", ["--allow-shell"], { UNRELATED_SECRET: "do-not-pass-me" });
    expect(leak.test.extra.verdict).toBe("passed");
    expect(JSON.stringify(leak.test)).not.toContain("do-not-pass-me");
    const named = await runShellPage('test "$DOCVAL_SHELL_TOKEN" = tok-5150', ["--allow-shell"], { DOCVAL_SHELL_TOKEN: "tok-5150" });
    expect(named.test.extra.verdict, JSON.stringify(named.test)).toBe("passed");
  }, 60_000);

  it("with --allow-shell are stopped by the timeout", async () => {
    const started = Date.now();
    // `sleep 30; true` keeps bash waiting on a child that holds stdout: the whole group must go.
    const { test } = await runShellPage("sleep 30; true", ["--allow-shell", "--timeout", "500"]);
    expect(Date.now() - started).toBeLessThan(20_000); // far below the 30 s the command would take: it was killed
    expect(test.extra.verdict).toBe("failed");
    expect(JSON.stringify(test)).toMatch(/did not finish within \d+ ms/);
  }, 60_000);
});

describe("reset and foreign configuration", () => {
  it("a gateway holding someone else's entities is refused and left intact; --reset-all is the only way through", async () => {
    const gw = await startGateway({});
    const root = tmpCheckout({ "a.md": page("A", check("/echo")) });
    const out = mkdtempSync(join(tmpdir(), "docval-foreign-"));
    try {
      const put = await fetch(`${gw.adminUrl}/services/someone-elses`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: "http://httpbin.konghq.com/x" }) });
      expect(put.status).toBeLessThan(300);
      const before = await (await fetch(`${gw.adminUrl}/services`)).json();
      const r = await runCli(["run", root, "--admin-url", gw.adminUrl, "--proxy-url", gw.proxyUrl, "--reporter", "json", "--out-dir", out], { cwd: out, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("someone-elses");
      expect(r.stderr).toContain("--reset-all");
      expect(await (await fetch(`${gw.adminUrl}/services`)).json()).toEqual(before);
      // Only an explicit --reset-all lets docval run there, and then it clears the gateway first.
      const r2 = await runCli(["run", root, "--admin-url", gw.adminUrl, "--proxy-url", gw.proxyUrl, "--reset-all", "--reporter", "json", "--out-dir", out], { cwd: out, env });
      expect(r2.code).toBe(0);
      const after = (await (await fetch(`${gw.adminUrl}/services`)).json()) as { data: { name: string }[] };
      expect(after.data.map((s) => s.name)).not.toContain("someone-elses");
    } finally {
      await gw.stop();
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the embedded world stays on the machine", () => {
  it("binds the embedded gateway to loopback only", async () => {
    const gw = await startGateway({});
    try {
      for (const u of [gw.adminUrl, gw.proxyUrl, gw.proxyHttpsUrl]) expect(new URL(u).hostname).toBe("127.0.0.1");
    } finally {
      await gw.stop();
    }
  });

  it("never contacts an unknown public host: the answer names it and no DNS lookup is made", async () => {
    const dns = (await import("node:dns")).default;
    const looked: string[] = [];
    const orig = dns.lookup;
    const spy = ((host: string, ...rest: unknown[]) => {
      looked.push(host);
      return (orig as (...a: unknown[]) => unknown)(host, ...rest);
    }) as typeof dns.lookup;
    dns.lookup = spy;
    // A local server stands in for "the world": if the gateway resolved the host to it, we would see a hit.
    let hits = 0;
    const world = await httpServer((_q, s) => {
      hits++;
      s.end("reached");
    });
    const body = `{% entity_examples %}\nentities:\n  services:\n    - name: far\n      url: http://docval-unknown-host.example.com/anything\n      routes:\n        - name: far-route\n          paths: [/far]\n          protocols: [http, https]\n{% endentity_examples %}\n\n${check("/far", 200)}`;
    const root = tmpCheckout({ "far.md": page("Far", body, false) });
    const out = mkdtempSync(join(tmpdir(), "docval-far-"));
    try {
      const r = await runCli(["run", root, "--workers", "1", "--reporter", "json", "--out-dir", out], { cwd: out, env });
      const report = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { results: { tests: { message?: string; extra: { verdict: string } }[] } };
      const t = report.results.tests[0];
      expect(t.extra.verdict, r.stdout).not.toBe("passed");
      expect(JSON.stringify(t) + r.stdout).toContain("docval-unknown-host.example.com");
      expect(looked.filter((h) => h.includes("example.com"))).toEqual([]);
      expect(hits).toBe(0);
    } finally {
      dns.lookup = orig;
      await world.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
