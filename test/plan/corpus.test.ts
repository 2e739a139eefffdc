/** Pins plans of real Kong docs pages (skipped when the shared corpus is absent). */
import { describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { buildPlan } from "../../src/plan/build.js";
import type { ApplyStep, CheckStep, Page, Step } from "../../src/plan/model.js";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";

describe.skipIf(!HAS_CORPUS)("corpus plans", () => {
  const opened = HAS_CORPUS ? openCheckout([CORPUS], { cwd: CORPUS }) : { checkout: undefined, pageFiles: [] };
  const plan = opened.checkout ? buildPlan(opened.checkout, opened.pageFiles) : { pages: [] as Page[] };
  const page = (rel: string): Page => {
    const p = plan.pages.find((x) => x.file === `app/_how-tos/${rel}`);
    if (!p) throw new Error(`no page ${rel}`);
    return p;
  };
  const onPrem = (p: Page): Step[] => p.variants.find((v) => v.deployment === "on-prem")!.steps;
  const checks = (s: Step[]) => s.filter((x): x is CheckStep => x.kind === "check");
  const applies = (s: Step[]) => s.filter((x): x is ApplyStep => x.kind === "apply");

  it("plans all 51 pages without a page error", () => {
    expect(plan.pages).toHaveLength(51);
    expect(plan.pages.filter((p) => p.error).map((p) => `${p.file}: ${p.error?.message}`)).toEqual([]);
  });

  it("flagship: grok image generation", () => {
    const p = page("ai-gateway/set-up-ai-proxy-for-image-generation-with-grok.md");
    expect(p.skip).toBeNull();
    expect(p.variants.map((v) => v.deployment)).toEqual(["on-prem", "konnect"]);
    const s = onPrem(p);
    expect(s.map((x) => x.kind)).toEqual(["apply", "apply", "check"]);
    const [pre, plugin] = applies(s);
    expect(pre.origin).toBe("prereqs");
    expect(pre.config).toEqual({
      _format_version: "3.0",
      services: [{ name: "example-service", url: "http://httpbin.konghq.com/anything" }],
      routes: [{ name: "example-route", paths: ["/anything"], service: { name: "example-service" }, protocols: ["http", "https"] }],
    });
    expect(plugin.origin).toBe("entity_examples");
    const ai = (plugin.config.plugins as { name: string; config: Record<string, Record<string, string>> }[])[0];
    expect(ai.name).toBe("ai-proxy");
    expect(ai.config.route_type).toBe("image/v1/images/generations");
    expect(ai.config.model.provider).toBe("xai");
    expect(ai.config.auth.header_value).toBe('Bearer ${{ env "DECK_XAI_API_KEY" }}');
    const [check] = checks(s);
    expect(check.type).toBe("request-check");
    expect(check.request.method).toBe("POST");
    expect(check.request.url).toBe("http://localhost:8000/anything");
    expect(check.request.body).toEqual({ prompt: "Generate an image of King Kong", response_format: "url" });
    expect(check.expect.status).toBe(201);
    expect(check.source.file).toBe("app/_how-tos/ai-gateway/set-up-ai-proxy-for-image-generation-with-grok.md");
    expect(p.env).toEqual(["DECK_XAI_API_KEY"]);
    expect(p.envExported.DECK_XAI_API_KEY.file).toBe("app/_includes/prereqs/xai.md");
  });

  it("ai-proxy-validate include: the check comes from the include file", () => {
    const p = page("ai-gateway/set-up-ai-proxy-with-openai.md");
    const c = checks(onPrem(p));
    expect(c).toHaveLength(1);
    expect(c[0].source.file).toBe("app/_includes/how-tos/steps/ai-proxy-validate.md");
    expect(c[0]).toMatchObject({ type: "request-check", request: { method: "POST", url: "http://localhost:8000/anything" }, expect: { status: 200 } });
  });

  it("navtabs: every tab yields its check, labelled", () => {
    const c = checks(onPrem(page("ai-gateway/use-ai-prompt-guard-plugin.md")));
    expect(c.map((x) => x.tabs)).toEqual([
      ["Allowed: General IT questions"],
      ["Denied: Hacking and exploits"],
      ["Denied: Inappropriate and off-topic"],
    ]);
  });

  it("captures: captured request-checks are planned, POST without a method", () => {
    const c = checks(onPrem(page("ai-gateway/use-ai-prompt-decorator-plugin.md")));
    const captured = c.filter((x) => x.source.line >= 143 && x.source.line <= 186);
    expect(captured).toHaveLength(3);
    for (const x of captured) expect(x).toMatchObject({ request: { method: "POST" }, expect: { status: 400 } });
  });

  it("rate-limit-check defaults and several entity_examples", () => {
    const s = onPrem(page("gateway/add-rate-limiting-for-a-consumer-with-kong-gateway.md"));
    expect(applies(s).map((a) => a.origin)).toEqual(["prereqs", "entity_examples", "entity_examples", "entity_examples"]);
    const rl = checks(s).find((x) => x.type === "rate-limit-check")!;
    expect(rl.expect).toEqual({ status: 429, message: "API rate limit exceeded" });
    expect(rl.repeat).toBeGreaterThan(1);
  });

  it("unauthorized-check defaults", () => {
    const c = checks(onPrem(page("gateway/enable-key-authentication-on-a-service-with-kong-gateway.md")));
    const u = c.find((x) => x.type === "unauthorized-check")!;
    expect(u.expect.status).toBe(401);
    expect(u.expect.message).toBe("Unauthorized"); // the default of app/_data/how-tos/config.yaml
  });

  it("env_variables include and extraction across steps", () => {
    const p = page("gateway/configure-oidc-with-kong-oauth2.md");
    const s = onPrem(p);
    const salt = s.find((x) => x.kind === "set-env" && x.source.file === "app/_includes/how-tos/steps/deck-salt-token.md");
    expect(salt).toMatchObject({ vars: { DECK_TOKEN_SALT: "$(openssl rand -base64 16)" } });
    const token = checks(s).find((x) => x.request.url.startsWith("https://localhost:8443"))!;
    expect(token.request.insecure).toBe(true);
    expect(p.envExported.DECK_TOKEN_SALT?.file).toBe("app/_includes/how-tos/steps/deck-salt-token.md");
  });

  it("skip rules", () => {
    expect(page("gateway/get-started-with-gateway.md").skip?.rule).toBe("automated-tests-false");
    expect(page("gateway/associate-certificate-with-sni.md").skip?.rule).toBe("unpublished");
    expect(page("gateway/map-uris-into-graphql-queries.md").skip?.rule).toBe("todo");
    expect(page("gateway/create-custom-vault.md").skip?.rule).toBe("standalone-gateway");
    expect(page("kubernetes-ingress-controller/kic-plugin-rate-limiting.md").skip?.rule).toBe("product");
    expect(page("ai-gateway/set-up-ai-proxy-with-openai.md").skip).toBeNull();
  });

  it("author-marked fences with topology on the mTLS page", () => {
    const p = page("gateway/configure-mtls-for-http-log.md");
    const shells = (d: string) => p.variants.find((v) => v.deployment === d)!.steps.filter((x) => x.kind === "shell");
    const lines = (d: string) => shells(d).map((x) => x.source.line);
    expect(lines("on-prem").length).toBeGreaterThan(0);
    expect(lines("on-prem")).not.toEqual(lines("konnect"));
  });
});
