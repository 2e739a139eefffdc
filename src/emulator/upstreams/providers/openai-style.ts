/**
 * A double for any API that speaks OpenAI's wire format (OpenAI itself, xAI, Azure OpenAI, DeepSeek,
 * Cerebras, Databricks, DashScope compatible mode, Mistral, Hugging Face router, vLLM).
 * Each provider supplies its endpoints, its credential check, its model lists and its error bodies.
 */
import type { Reply } from "../../plugins/types.js";
import type { Upstream, UpstreamRequest } from "../types.js";
import {
  CREATED, PNG_1X1, contentText, countTokens, embedding, header, isString, jsonBody, jsonReply, replyText,
  splitUrl, stableId, type Json,
} from "./common.js";
import { boundaryOf, parseMultipart, type FormPart } from "./multipart.js";

export type EndpointKind =
  | "chat" | "completions" | "embeddings" | "images.generations" | "images.edits" | "audio.speech"
  | "audio.transcriptions" | "audio.translations" | "files.create" | "files.list" | "files.get" | "files.content"
  | "batches.create" | "batches.get" | "responses" | "assistants";

export interface Endpoint {
  method: string;
  /** Matched against the path; a named group `model` takes the model from the path (Azure deployments), `id` names a file or batch. */
  path: RegExp;
  kind: EndpointKind;
}

export interface ErrorStyle {
  /** No credential, or one that is not well formed. */
  unauthorized(given: string | undefined): Reply;
  modelNotFound(model: string, kind: EndpointKind): Reply;
  /** A required field is missing or has the wrong type. */
  badRequest(message: string, param: string | null): Reply;
  notFound(path: string): Reply;
}

export interface OpenAiStyleSpec {
  name: string;
  hosts: string[];
  endpoints: Endpoint[];
  /** Returns the reply for a bad credential, or undefined when the request may proceed. */
  checkAuth(req: UpstreamRequest, query: URLSearchParams): Reply | undefined;
  /** Models per endpoint family; a missing family accepts no model. */
  models(kind: EndpointKind): readonly string[] | ((model: string) => boolean);
  errors: ErrorStyle;
  /** Extra checks a provider makes (xAI refuses `size` on images). */
  extraCheck?(kind: EndpointKind, body: Json): Reply | undefined;
  /** Image answers: xAI always adds `revised_prompt`. */
  imageStyle?: "openai" | "xai";
  /** Answered `model` field; Azure reports the deployment's model name. */
  reportedModel?(model: string): string;
}

/** OpenAI's own error body. */
export function openAiError(status: number, message: string, type: string, param: string | null, code: string | null): Reply {
  return jsonReply(status, { error: { message, type, param, code } });
}

export const OPENAI_ERRORS: ErrorStyle = {
  unauthorized: (given) =>
    given === undefined
      ? openAiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.", "invalid_request_error", null, null)
      : openAiError(401, `Incorrect API key provided: ${mask(given)}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", null, "invalid_api_key"),
  modelNotFound: (model) =>
    openAiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", null, "model_not_found"),
  badRequest: (message, param) => openAiError(400, message, "invalid_request_error", param, param ? "missing_required_parameter" : null),
  notFound: (path) => openAiError(404, `Invalid URL (${path})`, "invalid_request_error", null, null),
};

/** Keys are never echoed whole: providers show a prefix and suffix, and so do we. */
export function mask(key: string): string {
  return key.length <= 8 ? "***" : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

interface Stored {
  files: Map<string, Json & { content: Buffer }>;
  batches: Map<string, Json>;
}

export function openAiStyleUpstream(spec: OpenAiStyleSpec): Upstream {
  const store: Stored = { files: new Map(), batches: new Map() };
  return {
    name: spec.name,
    hosts: spec.hosts,
    handle(req) {
      const { path, query } = splitUrl(req.url);
      let match: { ep: Endpoint; groups: Record<string, string> } | undefined;
      for (const ep of spec.endpoints) {
        const m = ep.path.exec(path);
        if (m && ep.method === req.method.toUpperCase()) {
          match = { ep, groups: m.groups ?? {} };
          break;
        }
      }
      if (!match) return spec.errors.notFound(path);
      const denied = spec.checkAuth(req, query);
      if (denied) return denied;
      return serve(spec, store, match.ep.kind, match.groups, req);
    },
  };
}

function serve(spec: OpenAiStyleSpec, store: Stored, kind: EndpointKind, groups: Record<string, string>, req: UpstreamRequest): Reply {
  const errors = spec.errors;
  switch (kind) {
    case "files.list":
      return jsonReply(200, { object: "list", data: [...store.files.values()].map(fileView), has_more: false });
    case "files.get":
    case "files.content": {
      const f = store.files.get(groups.id ?? "");
      if (!f) return openAiError(404, `No such File object: ${groups.id}`, "invalid_request_error", "id", null);
      return kind === "files.get"
        ? jsonReply(200, fileView(f))
        : { status: 200, headers: { "content-type": "application/octet-stream" }, body: f.content };
    }
    case "batches.get": {
      const b = store.batches.get(groups.id ?? "");
      if (!b) return openAiError(404, `No batch found with id '${groups.id}'.`, "invalid_request_error", null, null);
      return jsonReply(200, completeBatch(spec, store, b));
    }
    case "files.create":
    case "images.edits":
    case "audio.transcriptions":
    case "audio.translations":
      return serveForm(spec, store, kind, groups, req);
    default:
      break;
  }
  const body = jsonBody(req);
  if (!body) return errors.badRequest("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", null);
  if (kind === "batches.create") return createBatch(store, body, errors);

  const model = groups.model ?? (typeof body.model === "string" ? body.model : undefined);
  if (!isString(model)) return errors.badRequest("you must provide a model parameter", "model");
  if (!groups.model && !modelKnown(spec, kind, model)) return errors.modelNotFound(model, kind);
  const extra = spec.extraCheck?.(kind, body);
  if (extra) return extra;
  const reported = spec.reportedModel ? spec.reportedModel(model) : model;
  const id = stableId("", req, 29);

  switch (kind) {
    case "chat": {
      const msgs = body.messages;
      if (!Array.isArray(msgs) || msgs.length === 0) return errors.badRequest("Missing required parameter: 'messages'.", "messages");
      for (const [i, m] of msgs.entries()) {
        if (!m || typeof m !== "object" || !isString((m as Json).role)) return errors.badRequest(`Missing required parameter: 'messages[${i}].role'.`, `messages[${i}].role`);
      }
      const lastUser = [...msgs].reverse().find((m) => (m as Json).role === "user") as Json | undefined;
      const text = replyText(spec.name, reported, contentText(lastUser?.content));
      const prompt = countTokens(msgs.map((m) => contentText((m as Json).content)).join(" "));
      const completion = countTokens(text);
      return jsonReply(200, {
        id: `chatcmpl-${id}`, object: "chat.completion", created: CREATED, model: reported,
        choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        system_fingerprint: "fp_docval",
      });
    }
    case "completions": {
      const prompt = body.prompt;
      if (!(typeof prompt === "string" || Array.isArray(prompt))) return errors.badRequest("Missing required parameter: 'prompt'.", "prompt");
      const p = Array.isArray(prompt) ? prompt.join(" ") : prompt;
      const text = replyText(spec.name, reported, p);
      const pt = countTokens(p);
      const ct = countTokens(text);
      return jsonReply(200, {
        id: `cmpl-${id}`, object: "text_completion", created: CREATED, model: reported,
        choices: [{ text, index: 0, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: pt, completion_tokens: ct, total_tokens: pt + ct },
      });
    }
    case "embeddings": {
      const input = body.input;
      const inputs = typeof input === "string" ? [input] : Array.isArray(input) ? input.map(String) : undefined;
      if (!inputs || inputs.length === 0) return errors.badRequest("Missing required parameter: 'input'.", "input");
      const dims = typeof body.dimensions === "number" ? body.dimensions : 8;
      const tokens = countTokens(inputs.join(" "));
      return jsonReply(200, {
        object: "list",
        data: inputs.map((t, index) => ({ object: "embedding", index, embedding: embedding(t, dims) })),
        model: reported,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    case "images.generations": {
      if (!isString(body.prompt)) return errors.badRequest("Missing required parameter: 'prompt'.", "prompt");
      return imageReply(spec, id, body.prompt, body.response_format, typeof body.n === "number" ? body.n : 1);
    }
    case "audio.speech": {
      if (!isString(body.input)) return errors.badRequest("Missing required parameter: 'input'.", "input");
      if (!isString(body.voice)) return errors.badRequest("Missing required parameter: 'voice'.", "voice");
      // An ID3 header is enough for clients that sniff the format.
      return { status: 200, headers: { "content-type": "audio/mpeg" }, body: Buffer.from("ID3docval-speech") };
    }
    case "responses": {
      if (!(isString(body.input) || Array.isArray(body.input))) return errors.badRequest("Missing required parameter: 'input'.", "input");
      const inputText = typeof body.input === "string" ? body.input : body.input.map((m) => contentText((m as Json)?.content)).join(" ");
      const text = replyText(spec.name, reported, inputText);
      const it = countTokens(inputText);
      const ot = countTokens(text);
      return jsonReply(200, {
        id: `resp_${id}`, object: "response", created_at: CREATED, status: "completed", model: reported,
        output: [{ type: "message", id: `msg_${id}`, status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] }],
        usage: { input_tokens: it, output_tokens: ot, total_tokens: it + ot },
      });
    }
    case "assistants": {
      if (header(req, "openai-beta") !== "assistants=v2") {
        return errors.badRequest("You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.", null);
      }
      return jsonReply(200, {
        id: `asst_${id}`, object: "assistant", created_at: CREATED, name: body.name ?? null, description: null, model: reported,
        instructions: body.instructions ?? null, tools: body.tools ?? [], metadata: {}, top_p: 1, temperature: 1, response_format: "auto",
      });
    }
    default:
      return errors.notFound(req.url);
  }
}

function modelKnown(spec: OpenAiStyleSpec, kind: EndpointKind, model: string): boolean {
  const m = spec.models(kind);
  return typeof m === "function" ? m(model) : m.includes(model);
}

function imageReply(spec: OpenAiStyleSpec, id: string, prompt: string, format: unknown, n: number): Reply {
  const count = Math.max(1, Math.min(10, Math.floor(n)));
  const data = Array.from({ length: count }, (_, i) => {
    const item: Json =
      format === "b64_json"
        ? { b64_json: PNG_1X1 }
        : { url: spec.imageStyle === "xai" ? `https://imgen.x.ai/xai-imgen/xai-tmp-imgen-${id}-${i}.jpeg` : `https://images.docval.invalid/${spec.name}/${id}-${i}.png` };
    if (spec.imageStyle === "xai") item.revised_prompt = `A detailed, high-resolution image: ${prompt}`;
    return item;
  });
  return jsonReply(200, spec.imageStyle === "xai" ? { data } : { created: CREATED, data });
}

function serveForm(spec: OpenAiStyleSpec, store: Stored, kind: EndpointKind, groups: Record<string, string>, req: UpstreamRequest): Reply {
  const errors = spec.errors;
  const boundary = boundaryOf(header(req, "content-type"));
  const parts: FormPart[] | undefined = boundary ? parseMultipart(req.body, boundary) : undefined;
  if (!parts) return errors.badRequest("Invalid Content-Type header (expected multipart/form-data).", null);
  const field = (n: string): string | undefined => parts.find((p) => p.name === n && p.filename === undefined)?.data.toString("utf8");
  const file = (n: string): FormPart | undefined => parts.find((p) => p.name === n && p.filename !== undefined);
  const id = stableId("", req, 24);

  if (kind === "files.create") {
    const purpose = field("purpose");
    const f = file("file");
    if (!isString(purpose)) return errors.badRequest("Missing required parameter: 'purpose'.", "purpose");
    if (!f) return errors.badRequest("Missing required parameter: 'file'.", "file");
    const fileId = `file-${id}`;
    const rec = { object: "file", id: fileId, purpose, filename: f.filename ?? "upload", bytes: f.data.length, created_at: CREATED, expires_at: null, status: "processed", status_details: null, content: f.data };
    store.files.set(fileId, rec);
    return jsonReply(200, fileView(rec));
  }
  const model = groups.model ?? field("model");
  if (!isString(model)) return errors.badRequest("you must provide a model parameter", "model");
  if (!groups.model && !modelKnown(spec, kind, model)) return errors.modelNotFound(model, kind);
  if (kind === "images.edits") {
    if (!isString(field("prompt"))) return errors.badRequest("Missing required parameter: 'prompt'.", "prompt");
    if (!file("image") && !file("image[]")) return errors.badRequest("Missing required parameter: 'image'.", "image");
    return imageReply(spec, id, field("prompt") ?? "", field("response_format"), Number(field("n") ?? 1));
  }
  if (!file("file")) return errors.badRequest("Missing required parameter: 'file'.", "file");
  return jsonReply(200, { text: `[docval ${spec.name} double] transcription of ${file("file")?.filename ?? "audio"}` });
}

function fileView(f: Json): Json {
  const { content: _content, ...rest } = f;
  return rest;
}

function createBatch(store: Stored, body: Json, errors: ErrorStyle): Reply {
  for (const p of ["input_file_id", "endpoint", "completion_window"]) {
    if (!isString(body[p])) return errors.badRequest(`Missing required parameter: '${p}'.`, p);
  }
  if (body.completion_window !== "24h") return errors.badRequest("Invalid value for 'completion_window': Only '24h' is supported.", "completion_window");
  const input = body.input_file_id as string;
  if (!store.files.has(input)) return openAiError(400, `Invalid 'input_file_id': '${input}'. File not found.`, "invalid_request_error", "input_file_id", null);
  const id = `batch_${input.replace(/^file-/, "")}`;
  const batch: Json = {
    id, object: "batch", endpoint: body.endpoint, errors: null, input_file_id: input, completion_window: "24h", status: "validating",
    output_file_id: null, error_file_id: null, created_at: CREATED, in_progress_at: null, expires_at: CREATED + 86400,
    finalizing_at: null, completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { total: 0, completed: 0, failed: 0 }, metadata: body.metadata ?? null,
  };
  store.batches.set(id, batch);
  return jsonReply(200, batch);
}

/** A batch completes the first time it is read: each input line gets a chat answer in the output file. */
function completeBatch(spec: OpenAiStyleSpec, store: Stored, b: Json): Json {
  if (b.status === "completed") return b;
  const input = store.files.get(b.input_file_id as string);
  const lines = (input?.content.toString("utf8") ?? "").split("\n").filter((l) => l.trim() !== "");
  const out = lines.map((line, i) => {
    let custom: unknown = `request-${i + 1}`;
    let model = "unknown";
    let last = "";
    try {
      const j = JSON.parse(line) as Json;
      custom = j.custom_id ?? custom;
      const body = (j.body ?? {}) as Json;
      model = String(body.model ?? model);
      const msgs = Array.isArray(body.messages) ? body.messages : [];
      last = contentText((msgs[msgs.length - 1] as Json | undefined)?.content);
    } catch {
      // A malformed line still yields an output line, as a failed request.
    }
    const text = replyText(spec.name, model, last);
    return JSON.stringify({ id: `batch_req_${i}`, custom_id: custom, response: { status_code: 200, body: { object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }] } }, error: null });
  });
  const outId = `file-out-${String(b.id).slice(6, 26)}`;
  store.files.set(outId, { object: "file", id: outId, purpose: "batch_output", filename: "batch_output.jsonl", bytes: 0, created_at: CREATED, expires_at: null, status: "processed", status_details: null, content: Buffer.from(out.join("\n") + "\n") });
  Object.assign(b, { status: "completed", output_file_id: outId, in_progress_at: CREATED, finalizing_at: CREATED, completed_at: CREATED, request_counts: { total: lines.length, completed: lines.length, failed: 0 } });
  return b;
}

/** The OpenAI endpoint table under a path prefix (`""` for OpenAI, `/compatible-mode` for DashScope, …). */
export function openAiEndpoints(prefix: string, kinds: EndpointKind[]): Endpoint[] {
  const all: Endpoint[] = [
    { method: "POST", path: /^\/v1\/chat\/completions$/, kind: "chat" },
    { method: "POST", path: /^\/v1\/completions$/, kind: "completions" },
    { method: "POST", path: /^\/v1\/embeddings$/, kind: "embeddings" },
    { method: "POST", path: /^\/v1\/images\/generations$/, kind: "images.generations" },
    { method: "POST", path: /^\/v1\/images\/edits$/, kind: "images.edits" },
    { method: "POST", path: /^\/v1\/audio\/speech$/, kind: "audio.speech" },
    { method: "POST", path: /^\/v1\/audio\/transcriptions$/, kind: "audio.transcriptions" },
    { method: "POST", path: /^\/v1\/audio\/translations$/, kind: "audio.translations" },
    { method: "POST", path: /^\/v1\/files$/, kind: "files.create" },
    { method: "GET", path: /^\/v1\/files$/, kind: "files.list" },
    { method: "GET", path: /^\/v1\/files\/(?<id>[^/]+)$/, kind: "files.get" },
    { method: "GET", path: /^\/v1\/files\/(?<id>[^/]+)\/content$/, kind: "files.content" },
    { method: "POST", path: /^\/v1\/batches$/, kind: "batches.create" },
    { method: "GET", path: /^\/v1\/batches\/(?<id>[^/]+)$/, kind: "batches.get" },
    { method: "POST", path: /^\/v1\/responses$/, kind: "responses" },
    { method: "POST", path: /^\/v1\/assistants$/, kind: "assistants" },
  ];
  const esc = prefix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return all
    .filter((e) => kinds.includes(e.kind))
    .map((e) => ({ ...e, path: new RegExp(`^${esc}${e.path.source.slice(1)}`) }));
}

/** Bearer-token check with a key pattern. */
export function bearerCheck(pattern: RegExp, errors: ErrorStyle): OpenAiStyleSpec["checkAuth"] {
  return (req) => {
    const v = header(req, "authorization");
    const m = v === undefined ? null : /^Bearer\s+(.*\S)\s*$/i.exec(v);
    if (!m) return errors.unauthorized(undefined);
    return pattern.test(m[1]) ? undefined : errors.unauthorized(m[1]);
  };
}
