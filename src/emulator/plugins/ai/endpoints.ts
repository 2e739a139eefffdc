/**
 * Where ai-proxy sends a request: the provider's base URL and the path for the route type
 * (Kong's provider table, `app/_data/plugins/ai-proxy.yaml`), unless `model.options.upstream_url`
 * or `upstream_path` override them.
 */
import type { TargetConf } from "./conf.js";

export interface UpstreamUrl {
  scheme: "http" | "https";
  host: string;
  port: number;
  path: string;
  /** Query parameters the provider needs (Azure's api-version). */
  query: Record<string, string>;
}

export const OPENAI_PATHS: Record<string, string> = {
  "llm/v1/chat": "/v1/chat/completions",
  "llm/v1/completions": "/v1/completions",
  "llm/v1/embeddings": "/v1/embeddings",
  "image/v1/images/generations": "/v1/images/generations",
  "image/v1/images/edits": "/v1/images/edits",
  "audio/v1/audio/speech": "/v1/audio/speech",
  "audio/v1/audio/transcriptions": "/v1/audio/transcriptions",
  "audio/v1/audio/translations": "/v1/audio/translations",
  "llm/v1/files": "/v1/files",
  "llm/v1/batches": "/v1/batches",
  "llm/v1/assistants": "/v1/assistants",
  "llm/v1/responses": "/v1/responses",
};

/** Route types whose upstream path keeps what follows the route's own path (`/files/{id}/content`). */
export const RESOURCE_ROUTES = new Set(["llm/v1/files", "llm/v1/batches", "llm/v1/assistants"]);

/** Route types each provider supports in the emulator (Kong's table, narrowed to what the doubles answer). */
export const SUPPORTED: Record<string, string[]> = {
  openai: Object.keys(OPENAI_PATHS),
  azure: Object.keys(OPENAI_PATHS).filter((r) => r !== "llm/v1/responses"),
  xai: ["llm/v1/chat", "image/v1/images/generations", "llm/v1/responses"],
  anthropic: ["llm/v1/chat", "llm/v1/completions"],
  cohere: ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"],
  mistral: ["llm/v1/chat", "llm/v1/embeddings"],
  gemini: ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings", "image/v1/images/generations"],
  bedrock: ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings", "image/v1/images/generations"],
  huggingface: ["llm/v1/chat", "llm/v1/embeddings"],
  llama2: ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"],
  ollama: ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"],
  deepseek: ["llm/v1/chat"],
  cerebras: ["llm/v1/chat"],
  databricks: ["llm/v1/chat"],
  dashscope: ["llm/v1/chat", "llm/v1/embeddings"],
  vllm: ["llm/v1/chat"],
};

function parse(url: string): UpstreamUrl | undefined {
  try {
    const u = new URL(url);
    const scheme = u.protocol === "http:" ? "http" : u.protocol === "https:" ? "https" : undefined;
    if (!scheme) return undefined;
    const query: Record<string, string> = {};
    u.searchParams.forEach((v, k) => (query[k] = v));
    return { scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === "https" ? 443 : 80, path: decodeURIComponent(u.pathname), query };
  } catch {
    return undefined;
  }
}

/** The Gemini API or Vertex AI path for a model and method. */
function googlePath(t: TargetConf, model: string, method: string): string {
  const g = t.model.options?.gemini;
  return g?.project_id && g.location_id
    ? `/v1/projects/${g.project_id}/locations/${g.location_id}/publishers/google/models/${model}:${method}`
    : `/v1beta/models/${model}:${method}`;
}

/**
 * The upstream URL for a target, or a message saying why there is none (missing setting,
 * unsupported route type). `remainder` is what followed the route's path in the client request.
 */
export function upstreamUrl(t: TargetConf, model: string, remainder: string): UpstreamUrl | string {
  const provider = t.model.provider;
  const rt = t.route_type;
  const o = t.model.options ?? {};
  const tail = RESOURCE_ROUTES.has(rt) || rt === "preserve" ? remainder : "";
  if (rt !== "preserve" && !SUPPORTED[provider]?.includes(rt)) return `route_type '${rt}' is not supported by provider '${provider}' in the emulator`;

  let base: UpstreamUrl | undefined;
  let path: string;
  const openaiPath = OPENAI_PATHS[rt] ?? "";
  switch (provider) {
    case "openai": base = parse("https://api.openai.com:443"); path = openaiPath; break;
    case "xai": base = parse("https://api.x.ai:443"); path = openaiPath; break;
    case "deepseek": base = parse("https://api.deepseek.com:443"); path = openaiPath; break;
    case "cerebras": base = parse("https://api.cerebras.ai:443"); path = openaiPath; break;
    case "mistral": base = parse("https://api.mistral.ai:443"); path = openaiPath; break;
    case "anthropic":
      base = parse("https://api.anthropic.com:443");
      path = rt === "llm/v1/completions" ? "/v1/complete" : "/v1/messages";
      break;
    case "cohere":
      base = parse("https://api.cohere.com:443");
      path = rt === "llm/v1/completions" ? "/v1/generate" : rt === "llm/v1/embeddings" ? "/v2/embed" : "/v1/chat";
      break;
    case "azure": {
      const instance = o.azure_instance;
      const deployment = o.azure_deployment_id ?? model;
      if (!o.upstream_url && (!instance || !deployment)) return "azure needs model.options.azure_instance and azure_deployment_id (or model.name)";
      base = parse(`https://${instance ?? "unset"}.openai.azure.com:443`);
      path = RESOURCE_ROUTES.has(rt) ? `/openai${openaiPath.replace(/^\/v1/, "")}` : `/openai/deployments/${deployment}${openaiPath.replace(/^\/v1/, "")}`;
      if (base) base.query["api-version"] = o.azure_api_version ?? "2023-05-15";
      break;
    }
    case "gemini": {
      const g = o.gemini;
      base = parse(g?.api_endpoint ? `https://${g.api_endpoint.replace(/^https?:\/\//, "")}` : "https://generativelanguage.googleapis.com:443");
      path = googlePath(t, model, rt === "llm/v1/embeddings" ? "batchEmbedContents" : "generateContent");
      break;
    }
    case "bedrock": {
      const region = o.bedrock?.aws_region ?? "us-east-1";
      base = parse(`https://bedrock-runtime.${region}.amazonaws.com:443`);
      path = `/model/${encodeURIComponent(model)}/${rt === "llm/v1/chat" || rt === "llm/v1/completions" ? "converse" : "invoke"}`;
      break;
    }
    case "huggingface":
      base = parse("https://router.huggingface.co:443");
      path = rt === "llm/v1/embeddings" ? `/hf-inference/models/${model}/pipeline/feature-extraction` : "/v1/chat/completions";
      break;
    case "databricks": {
      const ws = o.databricks?.workspace_instance_id;
      if (!o.upstream_url && !ws) return "databricks needs model.options.databricks.workspace_instance_id";
      base = parse(`https://${ws ?? "unset"}.cloud.databricks.com:443`);
      path = "/serving-endpoints/v1/chat/completions";
      break;
    }
    case "dashscope":
      base = parse(o.dashscope?.international === false ? "https://dashscope.aliyuncs.com:443" : "https://dashscope-intl.aliyuncs.com:443");
      path = `/compatible-mode${openaiPath}`;
      break;
    case "ollama":
      if (!o.upstream_url) return "ollama needs model.options.upstream_url";
      path = rt === "llm/v1/embeddings" ? "/api/embed" : rt === "llm/v1/completions" ? "/api/generate" : "/api/chat";
      break;
    case "llama2":
    case "vllm":
      if (!o.upstream_url) return `${provider} needs model.options.upstream_url`;
      path = openaiPath;
      break;
    default:
      return `provider '${provider}' is not known`;
  }

  if (o.upstream_url) {
    const u = parse(o.upstream_url);
    if (!u) return `model.options.upstream_url '${o.upstream_url}' is not a valid URL`;
    // A bare host (Ollama's examples) keeps the provider path; a URL with a path is used as given.
    if (u.path === "" || u.path === "/") u.path = path;
    if (o.upstream_path) u.path = o.upstream_path;
    u.path += tail;
    if (base) u.query = { ...base.query, ...u.query };
    return u;
  }
  if (!base) return `no upstream URL for provider '${provider}'`;
  return { ...base, path: (o.upstream_path ?? path) + tail };
}
