/**
 * Google's two Gemini front doors: the Gemini API (generativelanguage.googleapis.com, API key in the
 * `key` query parameter or `x-goog-api-key`) and Vertex AI (`*-aiplatform.googleapis.com`, OAuth bearer).
 * Both speak generateContent, embedContent/batchEmbedContents, and Vertex also predict for embeddings.
 */
import type { Reply } from "../../plugins/types.js";
import type { Upstream, UpstreamRequest } from "../types.js";
import { CATALOGUE } from "./catalogue.js";
import { PNG_1X1, bearer, countTokens, embedding, header, jsonBody, jsonReply, replyText, splitUrl, type Json } from "./common.js";
import { KEY_FORMATS } from "./credentials.js";

function googleError(code: number, status: string, message: string): Reply {
  return jsonReply(code, { error: { code, message, status } });
}

const GEMINI_PATH = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|embedContent|batchEmbedContents)$/;
const VERTEX_PATH = /^\/(v1beta1|v1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|predict|embedContent|batchEmbedContents)$/;

const VERTEX_REGIONS = ["us-central1", "us-east1", "us-east4", "us-east5", "us-west1", "us-west4", "europe-west1", "europe-west4", "europe-west9", "asia-northeast1", "asia-southeast1"];

export const google: Upstream = {
  name: "gemini",
  hosts: ["generativelanguage.googleapis.com", "aiplatform.googleapis.com", ...VERTEX_REGIONS.map((r) => `${r}-aiplatform.googleapis.com`)],
  handle(req) {
    const vertex = req.host.endsWith("aiplatform.googleapis.com");
    const { path, query } = splitUrl(req.url);
    if (vertex) {
      const m = VERTEX_PATH.exec(path);
      if (req.method !== "POST" || !m) return googleError(404, "NOT_FOUND", `The requested URL ${path} was not found on this server.`);
      const token = bearer(req);
      if (token === undefined) {
        return googleError(401, "UNAUTHENTICATED", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.");
      }
      if (!KEY_FORMATS.gcpAccessToken.test(token)) {
        return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.");
      }
      return serve(req, m[4], m[5], m[1], true);
    }
    const m = GEMINI_PATH.exec(path);
    if (req.method !== "POST" || !m) return googleError(404, "NOT_FOUND", `The requested URL ${path} was not found on this server.`);
    const key = query.get("key") ?? header(req, "x-goog-api-key");
    if (key === undefined || key === null || key === "") {
      return googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    }
    if (!KEY_FORMATS.gemini.test(key)) return googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
    return serve(req, m[2], m[3], m[1], false);
  },
};

function serve(req: UpstreamRequest, model: string, method: string, version: string, vertex: boolean): Reply {
  if (!(CATALOGUE.gemini as readonly string[]).includes(model)) {
    return googleError(404, "NOT_FOUND", vertex
      ? `Publisher Model \`projects/-/locations/-/publishers/google/models/${model}\` was not found or your project does not have access to it.`
      : `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`);
  }
  const body = jsonBody(req);
  if (!body) return googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
  const partsText = (c: unknown): string =>
    Array.isArray((c as Json)?.parts) ? ((c as Json).parts as Json[]).map((p) => (typeof p?.text === "string" ? p.text : "")).join("") : "";

  if (method === "generateContent") {
    const contents = body.contents;
    if (!Array.isArray(contents) || contents.length === 0) return googleError(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n");
    for (const c of contents as Json[]) {
      if (c?.role !== undefined && c.role !== "user" && c.role !== "model") {
        return googleError(400, "INVALID_ARGUMENT", `Please use a valid role: user, model.`);
      }
    }
    const lastUser = [...(contents as Json[])].reverse().find((c) => c.role === undefined || c.role === "user");
    const text = replyText(vertex ? "vertex" : "gemini", model, partsText(lastUser));
    const modalities = ((body.generationConfig as Json | undefined)?.responseModalities ?? []) as unknown[];
    const parts: Json[] = [{ text }];
    if (modalities.includes("IMAGE") || modalities.includes("image")) parts.push({ inlineData: { mimeType: "image/png", data: PNG_1X1 } });
    const prompt = countTokens((contents as Json[]).map(partsText).join(" ") + " " + partsText(body.systemInstruction));
    const out = countTokens(text);
    return jsonReply(200, {
      candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: out, totalTokenCount: prompt + out },
      modelVersion: model,
    });
  }
  if (method === "embedContent") {
    if (!body.content) return googleError(400, "INVALID_ARGUMENT", "* EmbedContentRequest.content: content is not specified\n");
    return jsonReply(200, { embedding: { values: embedding(partsText(body.content)) } });
  }
  if (method === "batchEmbedContents") {
    if (!Array.isArray(body.requests) || body.requests.length === 0) return googleError(400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests: requests is not specified\n");
    return jsonReply(200, { embeddings: (body.requests as Json[]).map((r) => ({ values: embedding(partsText(r?.content)) })) });
  }
  if (!Array.isArray(body.instances) || body.instances.length === 0) return googleError(400, "INVALID_ARGUMENT", "instances is not specified");
  return jsonReply(200, {
    predictions: (body.instances as Json[]).map((i) => ({ embeddings: { values: embedding(String(i?.content ?? "")), statistics: { token_count: countTokens(String(i?.content ?? "")), truncated: false } } })),
  });
}
