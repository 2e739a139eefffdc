/** Doubles for the providers whose native API is OpenAI's format, each with its own hosts, keys and error bodies. */
import type { Reply } from "../../plugins/types.js";
import type { Upstream } from "../types.js";
import { CATALOGUE, HF_MODEL_ID } from "./catalogue.js";
import { embedding, header, jsonBody, jsonReply, splitUrl } from "./common.js";
import { KEY_FORMATS } from "./credentials.js";
import {
  OPENAI_ERRORS, bearerCheck, mask, openAiEndpoints, openAiError, openAiStyleUpstream, type EndpointKind, type ErrorStyle,
} from "./openai-style.js";

const ALL_KINDS: EndpointKind[] = [
  "chat", "completions", "embeddings", "images.generations", "images.edits", "audio.speech", "audio.transcriptions",
  "audio.translations", "files.create", "files.list", "files.get", "files.content", "batches.create", "batches.get",
  "responses", "assistants",
];

function openAiModels(kind: EndpointKind): readonly string[] {
  const c = CATALOGUE.openai;
  switch (kind) {
    case "chat": case "batches.create": case "assistants": return c.chat;
    case "completions": return c.completions;
    case "embeddings": return c.embeddings;
    case "images.generations": case "images.edits": return c.images;
    case "audio.speech": return c.speech;
    case "audio.transcriptions": case "audio.translations": return c.transcription;
    case "responses": return c.responses;
    default: return [];
  }
}

export const openai: Upstream = openAiStyleUpstream({
  name: "openai",
  hosts: ["api.openai.com"],
  endpoints: openAiEndpoints("", ALL_KINDS),
  checkAuth: bearerCheck(KEY_FORMATS.openai, OPENAI_ERRORS),
  models: openAiModels,
  errors: OPENAI_ERRORS,
});

/** xAI answers errors as `{code, error}`; a bad key is a 400 there, a missing one a 401. */
const XAI_ERRORS: ErrorStyle = {
  unauthorized: (given) =>
    given === undefined
      ? jsonReply(401, { code: "Client specified an invalid argument", error: "No API key provided. You can obtain an API key from https://console.x.ai." })
      : jsonReply(400, { code: "Client specified an invalid argument", error: `Incorrect API key provided: ${mask(given)}. You can obtain an API key from https://console.x.ai.` }),
  modelNotFound: (model) =>
    jsonReply(404, { code: "Some requested entity was not found", error: `The model ${model} does not exist or your team does not have access to it.` }),
  badRequest: (message) => jsonReply(400, { code: "Client specified an invalid argument", error: message }),
  notFound: (path) => jsonReply(404, { code: "Some requested entity was not found", error: `No handler found for path: ${path}` }),
};

export const xai: Upstream = openAiStyleUpstream({
  name: "xai",
  hosts: ["api.x.ai"],
  endpoints: openAiEndpoints("", ["chat", "images.generations", "responses"]),
  checkAuth: bearerCheck(KEY_FORMATS.xai, XAI_ERRORS),
  models: (kind) => (kind === "images.generations" ? CATALOGUE.xai.images : CATALOGUE.xai.chat),
  errors: XAI_ERRORS,
  imageStyle: "xai",
  // xAI's image API documents that size, quality and style are not supported.
  extraCheck: (kind, body) => {
    if (kind !== "images.generations") return undefined;
    const bad = ["size", "quality", "style"].find((k) => body[k] !== undefined);
    return bad ? XAI_ERRORS.badRequest(`Argument not supported: ${bad}`, bad) : undefined;
  },
});

const AZURE_DENIED = jsonReply(401, {
  error: { code: "401", message: "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource." },
});

const AZURE_ERRORS: ErrorStyle = {
  unauthorized: () => AZURE_DENIED,
  modelNotFound: (model) => jsonReply(404, { error: { code: "DeploymentNotFound", message: `The API deployment ${model} for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.` } }),
  badRequest: (message, param) => openAiError(400, message, "invalid_request_error", param, null),
  notFound: () => jsonReply(404, { error: { code: "404", message: "Resource not found" } }),
};

const DEPLOYMENT = "(?<model>[A-Za-z0-9][A-Za-z0-9._-]{1,63})";
const azureBase = openAiStyleUpstream({
  name: "azure",
  hosts: ["*.openai.azure.com"],
  endpoints: [
    ...(
      [
        ["chat/completions", "chat"], ["completions", "completions"], ["embeddings", "embeddings"],
        ["images/generations", "images.generations"], ["images/edits", "images.edits"], ["audio/speech", "audio.speech"],
        ["audio/transcriptions", "audio.transcriptions"], ["audio/translations", "audio.translations"],
      ] as const
    ).map(([p, kind]) => ({ method: "POST", path: new RegExp(`^/openai/deployments/${DEPLOYMENT}/${p}$`), kind })),
    ...openAiEndpoints("/openai", ["files.create", "files.list", "files.get", "files.content", "batches.create", "batches.get", "responses", "assistants"])
      .map((e) => ({ ...e, path: new RegExp(e.path.source.replace("\\/openai\\/v1", "\\/openai")) })),
  ],
  // Azure takes its key in `api-key`, or an Entra ID (or key) bearer token in Authorization.
  checkAuth: (req) => {
    const key = header(req, "api-key");
    if (key !== undefined) return KEY_FORMATS.azure.test(key) ? undefined : AZURE_DENIED;
    const auth = header(req, "authorization");
    const m = auth === undefined ? null : /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return AZURE_DENIED;
    return KEY_FORMATS.jwt.test(m[1]) || KEY_FORMATS.azure.test(m[1]) ? undefined : AZURE_DENIED;
  },
  models: (kind) => (kind === "batches.create" ? () => true : openAiModels(kind)),
  errors: AZURE_ERRORS,
});

/** Azure requires `api-version` on every call and answers a bare 404 without it. */
export const azure: Upstream = {
  ...azureBase,
  handle(req, signal) {
    const { query } = splitUrl(req.url);
    if (!query.get("api-version")) return AZURE_ERRORS.notFound(req.url);
    return azureBase.handle(req, signal);
  },
};

function simpleErrors(overrides: Partial<ErrorStyle>): ErrorStyle {
  return { ...OPENAI_ERRORS, ...overrides };
}

export const deepseek: Upstream = (() => {
  const errors = simpleErrors({
    unauthorized: (given) =>
      openAiError(401, `Authentication Fails, Your api key: ${given ? mask(given) : "****"} is invalid`, "authentication_error", null, "invalid_request_error"),
    modelNotFound: () => openAiError(400, "Model Not Exist", "invalid_request_error", null, "invalid_request_error"),
  });
  return openAiStyleUpstream({
    name: "deepseek",
    hosts: ["api.deepseek.com"],
    endpoints: [...openAiEndpoints("", ["chat", "completions"]), { method: "POST", path: /^\/chat\/completions$/, kind: "chat" }],
    checkAuth: bearerCheck(KEY_FORMATS.deepseek, errors),
    models: () => CATALOGUE.deepseek,
    errors,
  });
})();

export const cerebras: Upstream = (() => {
  const errors = simpleErrors({
    unauthorized: (given) => jsonReply(401, { message: given ? "Wrong API Key" : "Please provide an API key", type: "invalid_request_error", param: "api_key", code: "wrong_api_key" }),
    modelNotFound: (model) => jsonReply(404, { message: `Model ${model} does not exist or you do not have access to it.`, type: "not_found_error", param: "model", code: "model_not_found" }),
  });
  return openAiStyleUpstream({
    name: "cerebras",
    hosts: ["api.cerebras.ai"],
    endpoints: openAiEndpoints("", ["chat", "completions"]),
    checkAuth: bearerCheck(KEY_FORMATS.cerebras, errors),
    models: () => CATALOGUE.cerebras,
    errors,
  });
})();

export const databricks: Upstream = (() => {
  const errors = simpleErrors({
    unauthorized: () => jsonReply(401, { error_code: "UNAUTHENTICATED", message: "Credential was not sent or was of an unsupported type for this API." }),
    modelNotFound: (model) => jsonReply(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: `The given endpoint does not exist, please retry after checking the specified model and version deployment exists. Model: ${model}` }),
    badRequest: (message) => jsonReply(400, { error_code: "BAD_REQUEST", message }),
    notFound: (path) => jsonReply(404, { error_code: "ENDPOINT_NOT_FOUND", message: `No API found for 'POST ${path}'` }),
  });
  return openAiStyleUpstream({
    name: "databricks",
    hosts: ["*.cloud.databricks.com"],
    endpoints: [
      ...openAiEndpoints("/serving-endpoints", ["chat", "completions", "embeddings"]),
      { method: "POST", path: /^\/serving-endpoints\/chat\/completions$/, kind: "chat" },
      { method: "POST", path: /^\/serving-endpoints\/embeddings$/, kind: "embeddings" },
    ],
    checkAuth: bearerCheck(KEY_FORMATS.databricks, errors),
    models: () => CATALOGUE.databricks,
    errors,
  });
})();

export const dashscope: Upstream = (() => {
  const errors = simpleErrors({
    unauthorized: () => openAiError(401, "Incorrect API key provided. ", "invalid_request_error", null, "invalid_api_key"),
  });
  return openAiStyleUpstream({
    name: "dashscope",
    hosts: ["dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com"],
    endpoints: openAiEndpoints("/compatible-mode", ["chat", "completions", "embeddings"]),
    checkAuth: bearerCheck(KEY_FORMATS.dashscope, errors),
    models: () => CATALOGUE.dashscope,
    errors,
  });
})();

export const mistral: Upstream = (() => {
  const errors = simpleErrors({
    unauthorized: () => jsonReply(401, { message: "Unauthorized", request_id: "docval" }),
    modelNotFound: (model) => jsonReply(400, { object: "error", message: `Invalid model: ${model}`, type: "invalid_model", param: null, code: "1500" }),
    badRequest: (message, param) => jsonReply(422, { object: "error", message, type: "invalid_request_error", param, code: null }),
  });
  return openAiStyleUpstream({
    name: "mistral",
    hosts: ["api.mistral.ai"],
    endpoints: openAiEndpoints("", ["chat", "embeddings"]),
    checkAuth: bearerCheck(KEY_FORMATS.mistral, errors),
    models: () => CATALOGUE.mistral,
    errors,
  });
})();

const HF_ERRORS = simpleErrors({
  unauthorized: () => jsonReply(401, { error: "Invalid credentials in Authorization header" }),
  modelNotFound: (model) => jsonReply(400, { error: `Model ${model} is not a valid model id` }),
  badRequest: (message) => jsonReply(422, { error: message }),
  notFound: () => jsonReply(404, { error: "Not Found" }),
});

const hfBase = openAiStyleUpstream({
  name: "huggingface",
  hosts: ["router.huggingface.co", "api-inference.huggingface.co"],
  endpoints: [
    ...openAiEndpoints("", ["chat"]),
    { method: "POST", path: /^\/models\/(?<model>[\w.-]+\/[\w.-]+)\/v1\/chat\/completions$/, kind: "chat" },
  ],
  checkAuth: bearerCheck(KEY_FORMATS.huggingface, HF_ERRORS),
  models: () => (m: string) => HF_MODEL_ID.test(m),
  errors: HF_ERRORS,
});

const FEATURE_EXTRACTION = /^\/hf-inference\/models\/([\w.-]+\/[\w.-]+)\/pipeline\/feature-extraction$/;

/** Hugging Face: OpenAI-format chat on the router, plus the native feature-extraction (embeddings) pipeline. */
export const huggingface: Upstream = {
  ...hfBase,
  handle(req, signal): Reply | Promise<Reply> {
    const { path } = splitUrl(req.url);
    if (!FEATURE_EXTRACTION.test(path)) return hfBase.handle(req, signal);
    const denied = bearerCheck(KEY_FORMATS.huggingface, HF_ERRORS)(req, new URLSearchParams());
    if (denied) return denied;
    const body = jsonBody(req);
    const inputs = body?.inputs;
    const list = typeof inputs === "string" ? [inputs] : Array.isArray(inputs) ? inputs.map(String) : undefined;
    if (!list) return HF_ERRORS.badRequest("Failed to deserialize the JSON body into the target type: missing field `inputs`", "inputs");
    const vectors = list.map((t) => embedding(t));
    return jsonReply(200, typeof inputs === "string" ? vectors[0] : vectors);
  },
};

/** vLLM serves whatever model it was started with; its OpenAI server takes any bearer token unless configured. */
export const vllm: Upstream = openAiStyleUpstream({
  name: "vllm",
  hosts: ["vllm", "vllm.local", "vllm-server.local", "your-vllm-host"],
  endpoints: openAiEndpoints("", ["chat", "completions", "embeddings"]),
  checkAuth: () => undefined,
  models: () => CATALOGUE.vllm,
  errors: simpleErrors({
    modelNotFound: (model) => openAiError(404, `The model \`${model}\` does not exist.`, "NotFoundError", null, "404"),
  }),
});
