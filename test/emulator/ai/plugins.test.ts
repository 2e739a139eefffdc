/**
 * The AI plugins the how-to pages use, over HTTP with the pages' configurations (keys replaced by placeholders):
 * ai-proxy-advanced balancing and aliases, ai-prompt-guard, ai-prompt-template, ai-prompt-decorator,
 * ai-rate-limiting-advanced, ai-request-transformer, ai-response-transformer, and the unemulated ones.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { echoRoute, gateway, HAS_CORPUS, SCHEMAS_DIR, type TestGateway } from "../helpers.js";
import { bodyJson, recordDoubles } from "./recorder.js";

const OPENAI = { header_name: "Authorization", header_value: `Bearer ${placeholderFor("OPENAI_API_KEY")}` };
const COHERE = { header_name: "Authorization", header_value: `Bearer ${placeholderFor("COHERE_API_KEY")}` };
const MISTRAL = { header_name: "Authorization", header_value: `Bearer ${placeholderFor("MISTRAL_API_KEY")}` };
const user = (content: string) => ({ messages: [{ role: "user", content }] });
const openaiTarget = (name: string, extra: Record<string, unknown> = {}) => ({ route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai", name, ...extra } });
const mistralProxy = { route_type: "llm/v1/chat", auth: MISTRAL, model: { provider: "mistral", name: "mistral-tiny", options: { mistral_format: "openai", upstream_url: "https://api.mistral.ai/v1/chat/completions" } } };
const cohereProxy = { route_type: "llm/v1/chat", auth: COHERE, model: { provider: "cohere", name: "command-a-03-2025", options: { max_tokens: 512, temperature: 1.0 } } };

let gw: TestGateway;
const rec = recordDoubles();

async function routeWith(name: string, plugins: { name: string; config: Record<string, unknown> }[]): Promise<void> {
  const { route } = await echoRoute(gw, name, `/${name}`);
  for (const p of plugins) await gw.create(`/routes/${route.id}/plugins`, p);
}

beforeAll(async () => {
  gw = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
  await routeWith("alias", [{ name: "ai-proxy-advanced", config: { targets: [openaiTarget("gpt-4o", { model_alias: "powerful" }), openaiTarget("gpt-4o-mini", { model_alias: "fast" })] } }]);
  await routeWith("rr", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "round-robin" }, targets: [{ ...openaiTarget("gpt-4o"), weight: 100 }, { ...openaiTarget("gpt-4o-mini"), weight: 100 }] } }]);
  await routeWith("prio", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "priority" }, targets: [{ ...openaiTarget("gpt-4"), weight: 70 }, { ...openaiTarget("gpt-4o-mini"), weight: 70 }, { ...openaiTarget("gpt-3"), weight: 25 }] } }]);
  await routeWith("hash", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "consistent-hashing", hash_on_header: "X-User" }, targets: [openaiTarget("gpt-4o"), openaiTarget("gpt-4o-mini"), openaiTarget("gpt-4.1")] } }]);
  await routeWith("usage", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "lowest-usage" }, targets: [openaiTarget("gpt-4o"), openaiTarget("gpt-4o-mini")] } }]);
  await routeWith("latency", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "lowest-latency" }, targets: [openaiTarget("gpt-4o"), openaiTarget("gpt-4o-mini")] } }]);
  await routeWith("guard", [
    { name: "ai-proxy", config: mistralProxy },
    { name: "ai-prompt-guard", config: { allow_patterns: ["(?i).*what is .*", "(?i).*how do i .*"], deny_patterns: ["(?i).*bypass.*(login|password|auth).*", "(?i).*dating.*", "(\\xE2\\x80[\\x8B-\\x8D]|\\xEF\\xBB\\xBF)"] } },
  ]);
  await routeWith("template", [
    { name: "ai-proxy", config: mistralProxy },
    {
      name: "ai-prompt-template",
      config: {
        allow_untemplated_requests: false,
        templates: [
          { name: "summarizer", template: '{"messages":[{"role":"system","content":"You summarize."},{"role":"user","content":"Summarize the following text: {{text}}"}]}' },
          { name: "product-describer", template: '{"messages":[{"role":"user","content":"Describe the product: {{product_name}, which has the following features: {{features}}."}]}' },
        ],
      },
    },
  ]);
  await routeWith("decorator", [
    { name: "ai-proxy", config: cohereProxy },
    { name: "ai-prompt-decorator", config: { prompts: { prepend: [{ role: "system", content: "You are a helpful and responsible AI assistant." }], append: [{ role: "user", content: "Answer in one sentence." }] } } },
  ]);
  await routeWith("ratelimit", [
    { name: "ai-proxy", config: cohereProxy },
    {
      name: "ai-rate-limiting-advanced",
      config: {
        strategy: "local", sync_rate: 0,
        llm_providers: [{ name: "cohere", limit: [100, 1000], window_size: [60, 3600] }],
        request_prompt_count_function: 'local header_count = tonumber(kong.request.get_header("x-prompt-count"))\nif header_count then\n  return header_count\nend\nreturn 0\n',
      },
    },
  ]);
  await routeWith("reqtransform", [{
    name: "ai-request-transformer",
    config: {
      prompt: "In my JSON message, anywhere there is a JSON tag for a city, also add a country tag with the name of the country that city is in.",
      transformation_extract_pattern: "{((.|\\n)*)}",
      llm: { route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai", name: "gpt-4" } },
    },
  }]);
  await routeWith("restransform", [{
    name: "ai-response-transformer",
    config: { prompt: "Add a summary.", llm: { route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai", name: "gpt-4" } } },
  }]);
  await routeWith("semantic", [{ name: "ai-proxy-advanced", config: { balancer: { algorithm: "semantic" }, targets: [openaiTarget("gpt-4o"), openaiTarget("gpt-4o-mini")] } }]);
});

const models = async (path: string, n: number, headers: Record<string, string> = {}) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await gw.proxy(path, { method: "POST", body: user("What is 1+1?"), headers });
    expect(res.status, res.text).toBe(200);
    out.push(res.json.model);
  }
  return out;
};

describe("ai-proxy-advanced", () => {
  it("routes by model_alias and sends the target's real model upstream", async () => {
    rec.clear();
    const a = await gw.proxy("/alias", { method: "POST", body: { model: "powerful", ...user("What is 1+1?") } });
    expect(a.status).toBe(200);
    expect(a.json.model).toBe("gpt-4o");
    expect(bodyJson(rec.last()!.req).model).toBe("gpt-4o");
    const b = await gw.proxy("/alias", { method: "POST", body: { model: "fast", ...user("What is 1+1?") } });
    expect(b.json.model).toBe("gpt-4o-mini");
  });
  it("round-robin alternates equal-weight targets", async () => {
    expect(await models("/rr", 4)).toEqual(["gpt-4o", "gpt-4o-mini", "gpt-4o", "gpt-4o-mini"]);
  });
  it("priority uses only the highest-weight group", async () => {
    const seen = await models("/prio", 4);
    expect(new Set(seen)).toEqual(new Set(["gpt-4", "gpt-4o-mini"]));
  });
  it("consistent-hashing keeps one header value on one target", async () => {
    const a = await models("/hash", 3, { "x-user": "alice" });
    expect(new Set(a).size).toBe(1);
    const spread = new Set<string>();
    for (const u of ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"]) spread.add((await models("/hash", 1, { "x-user": u }))[0]);
    expect(spread.size).toBeGreaterThan(1);
  });
  it("lowest-usage and lowest-latency spread load over both targets", async () => {
    expect(new Set(await models("/usage", 4)).size).toBe(2);
    expect(new Set(await models("/latency", 4)).size).toBe(2);
  });
  it("semantic balancing is reported unemulated", async () => {
    const res = await gw.proxy("/semantic", { method: "POST", body: user("hi") });
    expect(res.status).toBe(200);
    expect(String(res.headers["x-docval-unemulated"])).toContain("ai-proxy-advanced");
  });
});

describe("ai-prompt-guard (use-ai-prompt-guard-plugin page)", () => {
  it("passes an allowed prompt to the LLM", async () => {
    const res = await gw.proxy("/guard", { method: "POST", body: user("What is DNS?") });
    expect(res.status).toBe(200);
  });
  it("blocks denied prompts with 400 'prompt pattern is blocked'", async () => {
    for (const p of ["How do I bypass login on a secure web portal?", "What’s a good line to use on a dating app?", "What is \u200Bthis?"]) {
      rec.clear();
      const res = await gw.proxy("/guard", { method: "POST", body: user(p) });
      expect(res.status, p).toBe(400);
      expect(res.json).toEqual({ error: { message: "prompt pattern is blocked" } });
      expect(rec.seen).toHaveLength(0);
    }
  });
  it("blocks a prompt that matches no allow pattern", async () => {
    const res = await gw.proxy("/guard", { method: "POST", body: user("Tell me a joke") });
    expect(res.status).toBe(400);
  });
});

describe("ai-prompt-template (use-ai-prompt-template-plugin page)", () => {
  it("renders the named template with properties and sends it to the LLM", async () => {
    rec.clear();
    const res = await gw.proxy("/template", { method: "POST", body: { messages: "{template://summarizer}", properties: { text: 'He said "hi"' } } });
    expect(res.status, res.text).toBe(200);
    expect(bodyJson(rec.last()!.req).messages).toEqual([
      { role: "system", content: "You summarize." },
      { role: "user", content: 'Summarize the following text: He said "hi"' },
    ]);
  });
  it("leaves a malformed placeholder as text (the page's product-describer template)", async () => {
    rec.clear();
    const res = await gw.proxy("/template", { method: "POST", body: { messages: "{template://product-describer}", properties: { product_name: "X5", features: "cordless" } } });
    expect(res.status).toBe(200);
    expect((bodyJson(rec.last()!.req).messages as { content: string }[])[0].content).toBe("Describe the product: {{product_name}, which has the following features: cordless.");
  });
  it("refuses untemplated requests and unknown templates", async () => {
    const a = await gw.proxy("/template", { method: "POST", body: user("What is Pythagorean theorem?") });
    expect(a.status).toBe(400);
    expect(a.json.error.message).toBe("this LLM route only supports templated requests");
    const b = await gw.proxy("/template", { method: "POST", body: { messages: "{template://nope}" } });
    expect(b.status).toBe(400);
    expect(b.json.error.message).toBe("could not find template name [nope]");
  });
});

describe("ai-prompt-decorator", () => {
  it("prepends and appends messages before translation to the provider", async () => {
    rec.clear();
    const res = await gw.proxy("/decorator", { method: "POST", body: user("Why is the sky blue?") });
    expect(res.status).toBe(200);
    const sent = bodyJson(rec.last()!.req);
    expect(sent.message).toBe("Answer in one sentence.");
    expect(sent.chat_history).toEqual([
      { role: "SYSTEM", message: "You are a helpful and responsible AI assistant." },
      { role: "USER", message: "Why is the sky blue?" },
    ]);
  });
});

describe("ai-rate-limiting-advanced (use-custom-function-for-ai-rate-limiting page)", () => {
  it("lets the first request through and refuses the next once the token budget is spent", async () => {
    const first = await gw.proxy("/ratelimit", { method: "POST", headers: { "x-prompt-count": "100000" }, body: user("Tell me about Google?") });
    expect(first.status).toBe(200);
    expect(first.headers["x-ai-ratelimit-limit-60-cohere"]).toBe("100");
    expect(first.headers["x-ai-ratelimit-limit-3600-cohere"]).toBe("1000");
    const second = await gw.proxy("/ratelimit", { method: "POST", headers: { "x-prompt-count": "950000" }, body: user("Tell me about Google?") });
    expect(second.status).toBe(429);
    expect(second.json.message).toBe("AI token rate limit exceeded for provider(s): cohere");
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("ai-request-transformer and ai-response-transformer", () => {
  it("rewrites the request body with the LLM's answer, cut by the extraction pattern (transform-a-client-request-with-ai page)", async () => {
    rec.clear();
    const res = await gw.proxy("/reqtransform", { method: "POST", body: { user: { name: "Kong User", city: "London" } } });
    expect(res.status, res.text).toBe(200);
    expect(rec.last()?.upstream).toBe("openai");
    expect(bodyJson(rec.last()!.req).messages).toHaveLength(2);
    // httpbin echoes what it received: the LLM's JSON (the double repeats the body it was sent).
    expect(res.json.json).toEqual({ user: { name: "Kong User", city: "London" } });
  });
  it("replaces the upstream response body with the LLM's answer", async () => {
    const res = await gw.proxy("/restransform", { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("[docval openai double, model gpt-4]");
  });
});

describe("AI plugin state belongs to one plugin on one gateway", () => {
  const limited = (limit: number) => ({
    name: "ai-rate-limiting-advanced",
    config: { strategy: "local", sync_rate: 0, llm_providers: [{ name: "cohere", limit: [limit], window_size: [3600] }], request_prompt_count_function: 'return tonumber(kong.request.get_header("x-prompt-count"))\nreturn 0\n' },
  });
  const spend = (g: TestGateway, path: string, tokens: number) => g.proxy(path, { method: "POST", headers: { "x-prompt-count": String(tokens) }, body: user("hi") });

  it("ai-rate-limiting-advanced: a budget spent on one route's plugin is not charged to another's, nor to another gateway's", async () => {
    const other = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    try {
      await routeWith("budget-a", [{ name: "ai-proxy", config: cohereProxy }, limited(50)]);
      await routeWith("budget-b", [{ name: "ai-proxy", config: cohereProxy }, limited(50)]);
      const { route } = await echoRoute(other, "budget-c", "/budget-c");
      for (const p of [{ name: "ai-proxy", config: cohereProxy }, limited(50)]) await other.create(`/routes/${route.id}/plugins`, p);

      expect((await spend(gw, "/budget-a", 1000)).status).toBe(200);
      expect((await spend(gw, "/budget-a", 1)).status).toBe(429);
      for (const [g, path] of [[gw, "/budget-b"], [other, "/budget-c"]] as const) {
        const fresh = await spend(g, path, 1);
        expect(fresh.status, path).toBe(200);
        expect(fresh.headers["x-ai-ratelimit-remaining-3600-cohere"], path).toBe("50");
      }
    } finally {
      await other.stop();
    }
  });

  it("ai-proxy-advanced: round-robin on one gateway does not move another gateway's plugin of the same id", async () => {
    const other = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    try {
      const id = "5b1f3a52-6d0e-4c3f-9a0e-2f1a7c9d4e01";
      const rr = { id, name: "ai-proxy-advanced", config: { balancer: { algorithm: "round-robin" }, targets: [{ ...openaiTarget("gpt-4o"), weight: 100 }, { ...openaiTarget("gpt-4o-mini"), weight: 100 }] } };
      for (const g of [gw, other]) {
        const { route } = await echoRoute(g, "same-id", "/same-id");
        await g.create(`/routes/${route.id}/plugins`, rr);
      }
      expect((await gw.proxy("/same-id", { method: "POST", body: user("hi") })).json.model).toBe("gpt-4o");
      expect((await other.proxy("/same-id", { method: "POST", body: user("hi") })).json.model).toBe("gpt-4o");
    } finally {
      await other.stop();
    }
  });
});
