/**
 * The flagship page, "Set up AI Proxy for image generation with Grok"
 * (app/_how-tos/ai-gateway/set-up-ai-proxy-for-image-generation-with-grok.md), applied to the
 * embedded gateway through the Admin API, with the runner's placeholder for DECK_XAI_API_KEY.
 *
 * The page's validation promises 201. Kong's ai-proxy docs say the provider's answer is returned,
 * and xAI's image API answers 200, so the gateway returns 200: this test records that difference
 * instead of bending the emulator to the page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { gateway, HAS_CORPUS, SCHEMAS_DIR, type TestGateway } from "../helpers.js";
import { bodyJson, header, recordDoubles } from "./recorder.js";

const PAGE_PROMISED_STATUS = 201;
const XAI_KEY = placeholderFor("DECK_XAI_API_KEY")!;

describe("flagship: image generation with Grok", () => {
  let gw: TestGateway;
  const rec = recordDoubles();

  beforeAll(async () => {
    gw = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    await gw.create("/services", { name: "example-service", url: "http://httpbin.konghq.com/anything" });
    await gw.create("/services/example-service/routes", { name: "example-route", paths: ["/anything"], protocols: ["http", "https"] });
    await gw.create("/plugins", {
      name: "ai-proxy",
      config: {
        route_type: "image/v1/images/generations",
        genai_category: "image/generation",
        auth: { header_name: "Authorization", header_value: `Bearer ${XAI_KEY}` },
        model: { provider: "xai", name: "grok-2-image" },
      },
    });
  });

  it("answers the page's validation request with xAI's image response, as Kong does (200, not the page's 201)", async () => {
    rec.clear();
    const res = await gw.proxy("/anything", {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: { prompt: "Generate an image of King Kong", response_format: "url" },
    });
    const seen = rec.last();
    // What the double saw: the forwarded request.
    expect(seen?.upstream).toBe("xai");
    expect(`${seen!.req.scheme}://${seen!.req.host}:${seen!.req.port}${seen!.req.url}`).toBe("https://api.x.ai:443/v1/images/generations");
    expect(header(seen!.req, "authorization")).toBe(`Bearer ${XAI_KEY}`);
    expect(bodyJson(seen!.req)).toEqual({ prompt: "Generate an image of King Kong", response_format: "url", model: "grok-2-image" });

    // What the gateway answered.
    expect(res.status).toBe(200);
    expect(res.status).not.toBe(PAGE_PROMISED_STATUS);
    expect(res.json.data[0].url).toMatch(/^https:\/\/imgen\.x\.ai\/.+\.jpeg$/);
    expect(res.json.data[0].revised_prompt).toContain("King Kong");
    expect(res.headers["x-kong-llm-model"]).toBe("xai/grok-2-image");
    expect(res.headers["x-docval-unemulated"]).toBeUndefined();
  });

  it("a request without a prompt is refused by Kong before xAI is called", async () => {
    rec.clear();
    const res = await gw.proxy("/anything", { method: "POST", body: { response_format: "url" } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { message: "request body doesn't contain valid prompts" } });
    expect(rec.seen).toHaveLength(0);
  });

  it("a wrong key reaches xAI and its error passes through unchanged", async () => {
    await gw.create("/services/example-service/routes", { name: "bad-key", paths: ["/badkey"], protocols: ["http", "https"] });
    await gw.create("/routes/bad-key/plugins", {
      name: "ai-proxy",
      config: { route_type: "image/v1/images/generations", auth: { header_name: "Authorization", header_value: "Bearer YOUR XAI API KEY" }, model: { provider: "xai", name: "grok-2-image" } },
    });
    const res = await gw.proxy("/badkey", { method: "POST", body: { prompt: "King Kong" } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("Client specified an invalid argument");
    expect(res.json.error).toContain("Incorrect API key provided");
  });
});
