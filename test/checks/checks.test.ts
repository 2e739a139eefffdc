/** Each check executor against a small local HTTP server on 127.0.0.1:0. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck, type CheckContext, type Clock } from "../../src/checks/index.js";
import { reproCurl } from "../../src/checks/curl.js";
import { jqPath } from "../../src/checks/capture.js";
import type { CheckStep } from "../../src/plan/model.js";

let server: Server;
let base = "";
let hits = 0;
const files = mkdtempSync(join(tmpdir(), "docval-files-"));
writeFileSync(join(files, "batch.jsonl"), '{"a":1}\n');

function body(req: IncomingMessage): Promise<string> {
  return new Promise((res) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => res(s));
  });
}

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const text = await body(req);
    const url = new URL(req.url ?? "/", "http://x");
    const json = (status: number, v: unknown, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(v));
    };
    switch (url.pathname) {
      case "/anything":
        return json(200, { method: req.method, headers: req.headers, data: text, json: text ? safe(text) : null, args: Object.fromEntries(url.searchParams) }, { "x-echo": "yes" });
      case "/auth":
        return req.headers.apikey === "secret-key" ? json(200, { ok: true }) : json(401, { message: "Unauthorized" });
      case "/limited":
        hits++;
        return hits > 3 ? json(429, { message: "API rate limit exceeded" }) : json(200, { n: hits });
      case "/login":
        return json(200, { access_token: "tok-1", nested: { list: [{ id: "first" }] } }, { "set-cookie": ["session=abc123; Path=/; HttpOnly", "other=zz"] });
      case "/slow":
        return setTimeout(() => json(200, {}), 1500);
      case "/unemulated":
        return json(200, { ok: true }, { "x-docval-unemulated": "pre-function" });
      case "/services":
        return json(201, { id: "11111111-2222-4333-8444-555555555555", name: "svc" });
      default:
        return json(404, { message: "no Route matched with those values" });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function safe(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

const noSleep: Clock & { slept: number[] } = {
  slept: [],
  now: () => 0,
  sleep: async (ms) => {
    noSleep.slept.push(ms);
  },
};

function ctx(vars: Record<string, string> = {}, over: Partial<CheckContext> = {}): CheckContext & { captured: Record<string, string>; created: string[] } {
  const captured: Record<string, string> = {};
  const created: string[] = [];
  return {
    target: { proxyUrl: base, adminUrl: `${base}/`, adminHeaders: { "kong-admin-token": "adm" } },
    env: { get: (n) => captured[n] ?? vars[n], capture: (n, v) => (captured[n] = v) },
    cookieJars: new Map(),
    filesDir: files,
    root: files,
    timeoutMs: 2000,
    signal: new AbortController().signal,
    clock: noSleep,
    index: 3,
    slept: { ms: 0 },
    onCreated: (p) => created.push(p),
    captured,
    created,
    ...over,
  };
}

function check(type: CheckStep["type"], url: string, over: Partial<CheckStep> = {}, req: Partial<CheckStep["request"]> = {}): CheckStep {
  return {
    kind: "check",
    type,
    source: { file: "gateway/page.md", line: 42 },
    section: "body",
    request: { method: "GET", url: `http://localhost:8000${url}`, headers: [], ...req },
    expect: {},
    repeat: 1,
    ...over,
  };
}

describe("request-check", () => {
  it("moves the page URL onto the target, fills $NAME and sends JSON as curl --json does", async () => {
    const r = await runCheck(
      check("request-check", "/anything", { expect: { status: 200 } }, { method: "POST", headers: [{ name: "X-Key", value: "$MY_KEY" }], body: { model: "$MODEL", n: 1 } }),
      ctx({ MY_KEY: "k-value", MODEL: "grok" }),
    );
    expect(r.verdict).toBe("passed");
    expect(r.index).toBe(3);
    expect(r.source).toEqual({ file: "gateway/page.md", line: 42 });
    const echoed = JSON.parse(r.exchange?.response?.bodyExcerpt ?? "{}");
    expect(echoed.method).toBe("POST");
    expect(echoed.headers["x-key"]).toBe("k-value");
    expect(echoed.headers["content-type"]).toBe("application/json");
    expect(echoed.json).toEqual({ model: "grok", n: 1 });
    expect(r.curl).toContain('-H "X-Key: $MY_KEY"');
    expect(r.curl).not.toContain("k-value");
  });

  it("fails a header the page wrote with typographic quotes, saying so, without sending anything", async () => {
    const r = await runCheck(check("request-check", "/anything", { expect: { status: 200 } }, { headers: [{ name: "\u2018Content-Type", value: "application/json\u2019" }] }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toContain("is not a valid HTTP header");
    expect(r.message).toContain("typographic quotes");
    expect(r.exchange?.response).toBeUndefined();
  });

  it("fails with expected and actual status and a response excerpt", async () => {
    const r = await runCheck(check("request-check", "/nowhere", { expect: { status: 200 } }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toBe("expected status 200, got 404");
    expect(r.expected?.status).toBe(200);
    expect(r.actual?.status).toBe(404);
    expect(r.exchange?.response?.bodyExcerpt).toContain("no Route matched");
  });

  it("asserts message and expected headers where the page shows them", async () => {
    const ok = await runCheck(check("request-check", "/anything", { expect: { status: 200, headers: { "X-Echo": "yes" }, message: '{"method": "GET"}' } }), ctx());
    expect(ok.verdict).toBe("passed");
    const bad = await runCheck(check("request-check", "/anything", { expect: { headers: { "X-Missing": null } } }), ctx());
    expect(bad.verdict).toBe("failed");
    expect(bad.message).toContain("X-Missing");
    const wrongMsg = await runCheck(check("request-check", "/auth", { expect: { message: "Forbidden" } }), ctx());
    expect(wrongMsg.message).toBe('expected message "Forbidden", got "Unauthorized"');
  });

  it("sends count requests after sleep seconds (on the injected clock)", async () => {
    noSleep.slept.length = 0;
    const c = ctx();
    const before = hits;
    const r = await runCheck(check("request-check", "/limited", { repeat: 2, sleepSeconds: 3 }), c);
    expect(hits - before).toBe(2);
    expect(noSleep.slept).toEqual([3000]);
    expect(r.verdict).toBe("passed");
  });

  it("captures extract_body, extract_headers (Set-Cookie reduced) and jq captures", async () => {
    const c = ctx();
    const r = await runCheck(
      check("request-check", "/login", {
        expect: { status: 200 },
        extractBody: [{ name: "access_token", variable: "TOKEN" }],
        extractHeaders: [{ name: "Set-Cookie", variable: "COOKIE_HEADER" }],
        capture: [{ variable: "FIRST", jq: ".nested.list[0].id" }],
      }),
      c,
    );
    expect(r.verdict).toBe("passed");
    expect(c.captured).toEqual({ TOKEN: "tok-1", COOKIE_HEADER: "session=abc123; other=zz", FIRST: "first" });
    const next = await runCheck(check("request-check", "/anything", {}, { headers: [{ name: "Authorization", value: "Bearer $TOKEN" }], cookie: "$COOKIE_HEADER" }), c);
    const echoed = JSON.parse(next.exchange?.response?.bodyExcerpt ?? "{}");
    expect(echoed.headers.authorization).toBe("Bearer tok-1");
    expect(echoed.headers.cookie).toBe("session=abc123; other=zz");
  });

  it("fails when a value to capture is not in the answer", async () => {
    const r = await runCheck(check("request-check", "/login", { extractBody: [{ name: "refresh_token", variable: "R" }] }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toContain("refresh_token");
  });

  it("keeps cookie jars between steps and sends basic auth and multipart files", async () => {
    const c = ctx({ PASS: "pw" });
    await runCheck(check("request-check", "/login", {}, { cookieJar: "jar.txt" }), c);
    const r = await runCheck(
      check("request-check", "/anything", {}, { method: "POST", cookie: "jar.txt", user: "alex:$PASS", form: [{ name: "purpose", value: "batch" }, { name: "file", value: "@batch.jsonl", file: "batch.jsonl" }] }),
      c,
    );
    expect(r.exchange?.error).toBeUndefined();
    const echoed = JSON.parse(r.exchange?.response?.bodyExcerpt ?? "{}");
    expect(echoed.headers.cookie).toBe("session=abc123; other=zz");
    expect(echoed.headers.authorization).toBe(`Basic ${Buffer.from("alex:pw").toString("base64")}`);
    expect(echoed.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(echoed.data).toContain('name="purpose"');
    expect(echoed.data).toContain('{"a":1}');
  });

  it("a slow upstream fails that check with what happened", async () => {
    const r = await runCheck(check("request-check", "/slow", { expect: { status: 200 } }), ctx({}, { timeoutMs: 300 }));
    expect(r.verdict).toBe("failed");
    expect(r.message).toContain("no complete answer within 300 ms");
    expect(r.exchange?.error?.code).toBe("UND_ERR_TIMEOUT");
  });

  it("marks an answer shaped by an unmodelled plugin unverified, naming it", async () => {
    const r = await runCheck(check("request-check", "/unemulated", { expect: { status: 200 } }), ctx());
    expect(r.verdict).toBe("unverified");
    expect(r.unemulated).toEqual(["pre-function"]);
    expect(r.message).toContain("pre-function");
  });
});

describe("unauthorized-check", () => {
  it("defaults to 401 and compares the JSON message exactly", async () => {
    expect((await runCheck(check("unauthorized-check", "/auth", { expect: { message: "Unauthorized" } }), ctx())).verdict).toBe("passed");
    const r = await runCheck(check("unauthorized-check", "/auth", { expect: { status: 403, message: "Forbidden" } }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toContain("expected status 403, got 401");
  });
});

describe("rate-limit-check", () => {
  it("passes when only the last of N requests is limited", async () => {
    hits = 0;
    const r = await runCheck(check("rate-limit-check", "/limited", { repeat: 4, expect: { status: 429, message: "API rate limit exceeded" } }), ctx());
    expect(r.verdict).toBe("passed");
  });

  it("fails when the limit hits early, naming the request", async () => {
    hits = 0;
    const r = await runCheck(check("rate-limit-check", "/limited", { repeat: 6, expect: { status: 429, message: "API rate limit exceeded" } }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toContain("request 4 already got 429");
  });

  it("fails when the last request is not limited", async () => {
    hits = 0;
    const r = await runCheck(check("rate-limit-check", "/limited", { repeat: 2, expect: { status: 429, message: "API rate limit exceeded" } }), ctx());
    expect(r.verdict).toBe("failed");
    expect(r.message).toMatch(/^expected status 429, got 200.*\(request 2 of 2\)$/);
  });
});

describe("traffic-generator", () => {
  it("sends iterations requests, each must answer the status", async () => {
    hits = 0;
    expect((await runCheck(check("traffic-generator", "/limited", { repeat: 3 }), ctx())).verdict).toBe("passed");
    hits = 0;
    const r = await runCheck(check("traffic-generator", "/limited", { repeat: 5 }), ctx());
    expect(r.message).toContain("request 4 of 5");
  });
});

describe("control_plane_request", () => {
  it("calls the Admin API with the admin headers and reports what it created", async () => {
    const c = ctx();
    const step = check("control_plane_request", "", { expect: { status: 201 } }, { method: "POST", url: "http://localhost:8001/services", body: { name: "svc" } });
    const r = await runCheck(step, c);
    expect(r.verdict).toBe("passed");
    expect(r.exchange?.request.headers["kong-admin-token"]).toBe("adm");
    expect(c.created).toEqual(["/services/11111111-2222-4333-8444-555555555555"]);
  });
});

describe("helpers", () => {
  it("jq subset", () => {
    expect(jqPath({ a: { "b-c": [1, { d: 2 }] } }, '.a["b-c"][1].d')).toEqual({ value: 2 });
    expect(jqPath({ a: 1 }, ".a | tostring")).toHaveProperty("error");
  });

  it("reproduction curl keeps references and the page's shape", () => {
    const curl = reproCurl({ method: "POST", url: "http://localhost:8000/anything", headers: [{ name: "apikey", value: "$KEY" }], body: { a: "$B" }, insecure: true }, { proxyUrl: "http://127.0.0.1:5555", adminUrl: "http://127.0.0.1:5556", adminHeaders: {} });
    expect(curl).toBe('curl -i -k "http://127.0.0.1:5555/anything" -H "apikey: $KEY" --json "{\\"a\\":\\"$B\\"}"');
  });
});
