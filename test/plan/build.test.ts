import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckout, type Checkout } from "../../src/docs/checkout.js";
import { buildPlan } from "../../src/plan/build.js";
import type { CheckStep, Page, Step } from "../../src/plan/model.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

function open(dir: string): { co: Checkout; files: string[] } {
  const r = openCheckout([resolve(PROJECT_ROOT, dir)], { cwd: PROJECT_ROOT });
  return { co: r.checkout!, files: r.pageFiles };
}

const { co, files } = open("fixtures/pages");
const plan = buildPlan(co, files);
const page = (suffix: string): Page => plan.pages.find((p) => p.file.endsWith(suffix))!;
const onPrem = (p: Page): Step[] => p.variants.find((v) => v.deployment === "on-prem")!.steps;
const konnect = (p: Page): Step[] => p.variants.find((v) => v.deployment === "konnect")!.steps;
const checks = (steps: Step[]) => steps.filter((s): s is CheckStep => s.kind === "check");

describe("buildPlan on the construct fixture", () => {
  const every = page("constructs/everything.md");

  it("plans one variant per works_on value, defaulting to on-prem", () => {
    expect(every.variants.map((v) => v.deployment)).toEqual(["on-prem", "konnect"]);
    expect(page("constructs/default-variant.md").variants.map((v) => v.deployment)).toEqual(["on-prem"]);
    expect(every.minVersion).toEqual({ gateway: "3.10" });
    expect(every.id).toBe("/how-to/every-construct/");
  });

  it("starts with the prereq apply and keeps prereq order", () => {
    const s = onPrem(every);
    expect(s[0]).toMatchObject({ kind: "set-env", vars: { EARLY: "yes" }, section: "prereqs" });
    expect(s[1]).toMatchObject({ kind: "apply", origin: "prereqs", section: "prereqs" });
  });

  it("applies rendered-page request semantics", () => {
    const c = checks(onPrem(every));
    const tabbed = c.find((x) => x.tabs?.[1] === "Inner")!;
    expect(tabbed.request.method).toBe("POST"); // body without method
    expect(tabbed.repeat).toBe(3);
    expect(tabbed.sleepSeconds).toBe(2);
    expect(tabbed.expect.status).toBeUndefined(); // request-check has no default status
    expect(tabbed.request.headers).toContainEqual({ name: "Content-Type", value: "application/json" });
    const rl = c.find((x) => x.type === "rate-limit-check")!;
    expect(rl).toMatchObject({ repeat: 4, expect: { status: 429 } });
    expect(rl.expect.message).toBeUndefined(); // message: null suppresses the default
    const unauth = c.find((x) => x.type === "unauthorized-check")!;
    expect(unauth.request).toMatchObject({ url: "https://localhost:8443/secure", insecure: true });
    expect(unauth.expect).toEqual({ status: 401, message: "Unauthorized" });
    expect(unauth.extractBody).toEqual([{ name: "access_token", variable: "ACCESS_TOKEN" }]);
    expect(unauth.capture).toEqual([{ variable: "OTHER", jq: ".x" }]);
    const withHeaders = c.find((x) => x.expect.headers)!;
    expect(withHeaders.expect.headers).toEqual({ "X-Thing": "yes", "X-Present": null });
  });

  it("joins base URLs per variant: proxy and admin, on-prem and konnect", () => {
    expect(checks(onPrem(every))[0].request.url).toBe("http://localhost:8000/anything/one");
    expect(checks(konnect(every))[0].request.url).toBe("$KONNECT_PROXY_URL/anything/one");
    const cpr = (steps: Step[]) => checks(steps).find((x) => x.request.url.endsWith("/services"))!;
    expect(cpr(onPrem(every)).request.url).toBe("http://localhost:8001/services");
    expect(cpr(konnect(every)).request.url).toBe("$KONNECT_CONTROL_PLANE_URL/services");
  });

  it("turns admin-api entity_example into an on-prem POST expecting 201, and ignores deck-only ones", () => {
    const hook = checks(onPrem(every)).find((x) => x.request.url.endsWith("/event-hooks/"))!;
    expect(hook).toMatchObject({ type: "control_plane_request", expect: { status: 201 }, request: { method: "POST" } });
    expect((hook.request.body as { config: { url: string } }).config.url).toBe("$WEBHOOK_URL");
    expect(checks(konnect(every)).some((x) => x.request.url.endsWith("/event-hooks/"))).toBe(false);
    expect(onPrem(every).some((s) => s.source.line >= 186 && s.source.line <= 192)).toBe(false);
  });

  it("filters topology blocks and konnect_api_request by variant", () => {
    const shell = (steps: Step[]) => steps.filter((s) => s.kind === "shell").map((s) => (s.kind === "shell" ? s.origin : ""));
    expect(shell(onPrem(every))).not.toContain("konnect_api_request");
    expect(shell(konnect(every))).toContain("konnect_api_request");
    const text = (steps: Step[]) => steps.map((s) => (s.kind === "shell" ? s.command.trim() : ""));
    expect(text(onPrem(every))).toContain("echo on-prem only");
    expect(text(onPrem(every))).not.toContain("echo konnect only");
    expect(text(konnect(every))).toContain("echo konnect only");
  });

  it("maps custom-command, vault-secret, grpc/kubernetes, unknown and skip:true blocks", () => {
    const s = onPrem(every);
    expect(s).toContainEqual(expect.objectContaining({ kind: "shell", origin: "custom-command", command: "echo hello", expect: { returnCode: 0, message: "hello" } }));
    expect(s).toContainEqual(expect.objectContaining({ kind: "shell", origin: "vault-secret", command: "docker exec kong-quickstart-gateway kong vault get {vault://env/demo}" }));
    const unsupported = s.filter((x) => x.kind === "unsupported").map((x) => (x.kind === "unsupported" ? x.type : ""));
    expect(unsupported).toEqual(["grpc-check", "kubernetes-resource", "no-such-check", "request-check"]);
    expect(every.diagnostics.map((d) => d.code)).toContain("plan/unknown-validation");
  });

  it("lists env names with where prereqs export them, excluding extracted names", () => {
    expect(every.env).toEqual(["DECK_SA_JSON", "DECK_TOKEN", "WEBHOOK_URL"]);
    expect(every.envExported).toEqual({ DECK_TOKEN: { file: "app/_includes/prereqs/token.md", line: 4 } });
    expect(every.diagnostics.map((d) => d.code)).toContain("deck/undeclared-variable");
  });

  it("records skip rules as data", () => {
    const rule = (f: string) => page(f).skip?.rule;
    expect(rule("skip/automated-tests-false.md")).toBe("automated-tests-false");
    expect(rule("skip/unpublished.md")).toBe("unpublished");
    expect(rule("skip/todo.md")).toBe("todo");
    expect(rule("skip/other-product.md")).toBe("product");
    expect(rule("skip/standalone.md")).toBe("standalone-gateway");
    expect(every.skip).toBeNull();
  });

  it("plans malformed pages as errors with no steps, and still plans the others", () => {
    const bad = plan.pages.filter((p) => p.file.includes("/malformed/"));
    expect(bad).toHaveLength(6);
    for (const p of bad) {
      expect(p.error?.line).toBeGreaterThan(0);
      expect(p.variants.every((v) => v.steps.length === 0)).toBe(true);
    }
    expect(onPrem(every).length).toBeGreaterThan(10);
  });

  it("honours products, deployments and grep options", () => {
    const mesh = buildPlan(co, files, { products: ["mesh"] });
    expect(mesh.pages.find((p) => p.file.endsWith("other-product.md"))?.skip).toBeNull();
    const only = buildPlan(co, files, { deployments: ["on-prem"], grep: "every" });
    expect(only.pages.map((p) => p.file)).toEqual(["app/_how-tos/constructs/everything.md"]);
    expect(only.pages[0].variants.find((v) => v.deployment === "konnect")?.skip?.rule).toBe("deployment");
  });

  it("produces JSON-safe plans", () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.formatVersion).toBe(1);
  });
});

describe("buildPlan on the demo docs", () => {
  const demo = open("fixtures/demo-docs");
  const p = buildPlan(demo.co, demo.files);

  it("plans every demo page without errors or skips", () => {
    expect(p.pages).toHaveLength(5);
    for (const pg of p.pages) {
      expect(pg.error).toBeNull();
      expect(pg.skip).toBeNull();
    }
  });

  it("plans key-auth with the consumer, a 401 and a 200 with the key header", () => {
    const ka = p.pages.find((x) => x.file.endsWith("protect-a-route-with-key-auth.md"))!;
    const c = checks(onPrem(ka));
    expect(c.map((x) => [x.type, x.expect.status])).toEqual([
      ["unauthorized-check", 401],
      ["request-check", 200],
    ]);
    expect(c[1].request.headers).toEqual([{ name: "apikey", value: "$DEMO_API_KEY" }]);
    expect(ka.env).toEqual(["DECK_DEMO_API_KEY", "DEMO_API_KEY"]);
    expect(Object.keys(ka.envExported)).toEqual(["DECK_DEMO_API_KEY", "DEMO_API_KEY"]);
  });
});

describe("problems in one deployment's blocks", () => {
  it("are reported even when only the konnect variant plans the block", async () => {
    const { tmpCheckout } = await import("../reliability/net.js");
    const root = tmpCheckout({
      "k.md": [
        "---", "title: Konnect only", "products:", "  - gateway", "works_on:", "  - on-prem", "  - konnect", "---", "",
        "{% konnect %}", "content: |", "  {% validation request-check %}", "  url: /anything", "  status_code: 9999", "  {% endvalidation %}", "{% endkonnect %}", "",
      ].join("\n"),
    });
    const r = openCheckout([root], { cwd: root });
    const [p] = buildPlan(r.checkout!, r.pageFiles).pages;
    expect(p.error?.code).toBe("plan/bad-status");
    expect(p.error?.line).toBe(14); // the status_code line inside the konnect block
  });
});

describe("broken data files", () => {
  it("a broken how-tos/config.yaml makes every page an error naming the file and line, not silent fallbacks", async () => {
    const { tmpCheckout, page, check } = await import("../reliability/net.js");
    const root = tmpCheckout({ "a.md": page("A", check("/echo")), "b.md": page("B", check("/echo")) }, { "app/_data/how-tos/config.yaml": "validations:\n  - id: rate-limit-check\n    status_code: [429\n" });
    const r = openCheckout([root], { cwd: root });
    const pages = buildPlan(r.checkout!, r.pageFiles).pages;
    expect(pages.map((p) => p.error?.code)).toEqual(["plan/data-file", "plan/data-file"]);
    expect(pages[0].error?.file).toBe("app/_data/how-tos/config.yaml");
  });

  it("a page that reads a broken data file through site.data reports it, every time", async () => {
    const { tmpCheckout, page, check } = await import("../reliability/net.js");
    const body = `{{ site.data.extra.greeting }}\n\n${check("/echo")}`;
    const root = tmpCheckout({ "a.md": page("A", body), "b.md": page("B", body) }, { "app/_data/extra.yml": "greeting: [hello\n" });
    const r = openCheckout([root], { cwd: root });
    const pages = buildPlan(r.checkout!, r.pageFiles).pages;
    expect(pages.map((p) => p.error?.code)).toEqual(["docs/data-file", "docs/data-file"]);
    expect(pages[1].error?.file).toBe("app/_data/extra.yml");
  });

  it("a broken site file (jekyll.yml) is a config error", async () => {
    const { tmpCheckout } = await import("../reliability/net.js");
    const root = tmpCheckout({}, { "jekyll.yml": "title: [oops\n" });
    const r = openCheckout([root], { cwd: root });
    expect(r.diagnostics.find((d) => d.code === "docs/site-file")?.kind).toBe("config");
  });
});
