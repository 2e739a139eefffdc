/**
 * The send-asynchronous-llm-requests page over HTTP: upload a batch file on the files route, create
 * a batch on the batches route, read it until completed, then download its output file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildMultipart } from "../../../src/emulator/upstreams/providers/multipart.js";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { gateway, HAS_CORPUS, SCHEMAS_DIR, type TestGateway } from "../helpers.js";
import { recordDoubles } from "./recorder.js";

const AUTH = { header_name: "Authorization", header_value: `Bearer ${placeholderFor("DECK_OPENAI_API_KEY")}` };

describe("files and batches routes", () => {
  let gw: TestGateway;
  const rec = recordDoubles();

  beforeAll(async () => {
    gw = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    for (const kind of ["files", "batches"]) {
      await gw.create("/services", { name: `${kind}-service`, url: `http://httpbin.konghq.com/${kind}` });
      await gw.create(`/services/${kind}-service/routes`, { name: `${kind}-route`, paths: [`/${kind}`], protocols: ["http", "https"] });
      await gw.create(`/services/${kind}-service/plugins`, { name: "ai-proxy", config: { model_name_header: false, route_type: `llm/v1/${kind}`, auth: AUTH, model: { provider: "openai" } } });
    }
  });

  it("runs the page's upload → batch → status → download sequence", async () => {
    const lines = ["prod1", "prod2"].map((id) => JSON.stringify({ custom_id: id, method: "POST", url: "/v1/chat/completions", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Describe ${id}` }], max_tokens: 60 } }));
    const form = buildMultipart({ purpose: "batch", file: { filename: "batch.jsonl", contentType: "application/octet-stream", data: Buffer.from(lines.join("\n") + "\n") } });
    const up = await gw.proxy("/files", { method: "POST", headers: { "content-type": form.contentType }, raw: form.body.toString("latin1") });
    expect(up.status, up.text).toBe(200);
    expect(up.json).toMatchObject({ object: "file", purpose: "batch", filename: "batch.jsonl", status: "processed" });
    expect(rec.last()!.req.url).toBe("/v1/files");

    const batch = await gw.proxy("/batches", { method: "POST", body: { input_file_id: up.json.id, endpoint: "/v1/chat/completions", completion_window: "24h" } });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.json.status).toBe("validating");

    const status = await gw.proxy(`/batches/${batch.json.id}`);
    expect(status.status).toBe(200);
    expect(rec.last()!.req.url).toBe(`/v1/batches/${batch.json.id}`);
    expect(status.json).toMatchObject({ status: "completed", request_counts: { total: 2, completed: 2, failed: 0 } });

    const out = await gw.proxy(`/files/${status.json.output_file_id}/content`);
    expect(out.status).toBe(200);
    const results = out.text.trim().split("\n").map((l) => JSON.parse(l));
    expect(results.map((r) => r.custom_id)).toEqual(["prod1", "prod2"]);
    expect(results[0].response.body.choices[0].message.content).toContain("Describe prod1");
  });
});
