/**
 * ai-proxy over real HTTP on the embedded gateway, for every provider and route type: the request
 * reaches the right double, with the right auth and a body in the provider's format, and the client
 * gets a 200 in OpenAI format. Plugin configs are schema-validated (3.15) when the corpus is present.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { buildMultipart } from "../../../src/emulator/upstreams/providers/multipart.js";
import { echoRoute, gateway, HAS_CORPUS, SCHEMAS_DIR, type TestGateway } from "../helpers.js";
import { bodyJson, header, recordDoubles, type Seen } from "./recorder.js";

const key = (name: string) => placeholderFor(name)!;
const bearer = (name: string) => ({ header_name: "Authorization", header_value: `Bearer ${key(name)}` });
const CHAT = { messages: [{ role: "system", content: "You are a mathematician." }, { role: "user", content: "What is 1+1?" }] };
const SA = key("GCP_SERVICE_ACCOUNT_JSON");

interface Case {
  name: string;
  config: Record<string, unknown>;
  body?: unknown;
  raw?: { body: Buffer; contentType: string };
  headers?: Record<string, string>;
  method?: string;
  suffix?: string;
  upstream: string;
  host: RegExp;
  path: string | RegExp;
  check(seen: Seen, res: { status: number; json: any; headers: Record<string, unknown> }): void;
}

const openaiChatShape = (res: { json: any }) => {
  expect(res.json.object).toBe("chat.completion");
  expect(res.json.choices[0].message.role).toBe("assistant");
  expect(res.json.choices[0].message.content).toContain("What is 1+1?");
  expect(typeof res.json.usage.total_tokens).toBe("number");
};
const embeddingShape = (res: { json: any }) => {
  expect(res.json.object).toBe("list");
  expect(res.json.data[0].object).toBe("embedding");
  expect(Array.isArray(res.json.data[0].embedding)).toBe(true);
};
const completionShape = (res: { json: any }) => {
  expect(res.json.object).toBe("text_completion");
  expect(res.json.choices[0].text).toContain("Say hi");
};
const bearerIs = (name: string) => (s: Seen) => expect(header(s.req, "authorization")).toBe(`Bearer ${key(name)}`);

const image = buildMultipart({ model: "gpt-image-1.5", prompt: "add a hat", image: { filename: "cat.png", contentType: "image/png", data: Buffer.from("PNGDATA") } });
const audio = buildMultipart({ model: "whisper-1", file: { filename: "hello.mp3", contentType: "audio/mpeg", data: Buffer.from("ID3audio") } });

const CASES: Case[] = [
  {
    name: "openai chat", config: { route_type: "llm/v1/chat", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-4o", options: { max_tokens: 512, temperature: 1.0 } } },
    body: CHAT, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/chat/completions",
    check(s, res) {
      bearerIs("OPENAI_API_KEY")(s);
      expect(bodyJson(s.req)).toMatchObject({ model: "gpt-4o", max_tokens: 512, temperature: 1 });
      openaiChatShape(res);
      expect(res.headers["x-kong-llm-model"]).toBe("openai/gpt-4o");
    },
  },
  {
    name: "openai completions", config: { route_type: "llm/v1/completions", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-3.5-turbo-instruct" } },
    body: { prompt: "Say hi" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/completions",
    check(s, res) { expect(bodyJson(s.req).prompt).toBe("Say hi"); completionShape(res); },
  },
  {
    name: "openai embeddings", config: { route_type: "llm/v1/embeddings", genai_category: "text/embeddings", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "text-embedding-3-large" } },
    body: { input: "hello" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/embeddings",
    check(_s, res) { embeddingShape(res); },
  },
  {
    name: "openai image generation", config: { route_type: "image/v1/images/generations", genai_category: "image/generation", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-image-1.5" } },
    body: { prompt: "a cat" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/images/generations",
    check(s, res) { expect(bodyJson(s.req).model).toBe("gpt-image-1.5"); expect(res.json.data[0].url).toBeTruthy(); },
  },
  {
    name: "openai image edits (multipart)", config: { route_type: "image/v1/images/edits", genai_category: "image/generation", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-image-1.5" } },
    raw: image, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/images/edits",
    check(s, res) { expect(header(s.req, "content-type")).toContain("multipart/form-data"); expect(res.json.data).toHaveLength(1); },
  },
  {
    name: "openai audio speech", config: { route_type: "audio/v1/audio/speech", genai_category: "audio/speech", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "tts-1" } },
    body: { input: "hello", voice: "alloy" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/audio/speech",
    check(_s, res) { expect(String(res.headers["content-type"])).toContain("audio/mpeg"); },
  },
  {
    name: "openai audio transcriptions", config: { route_type: "audio/v1/audio/transcriptions", genai_category: "audio/transcription", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "whisper-1" } },
    raw: audio, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/audio/transcriptions",
    check(_s, res) { expect(res.json.text).toContain("hello.mp3"); },
  },
  {
    name: "openai audio translations", config: { route_type: "audio/v1/audio/translations", genai_category: "audio/transcription", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "whisper-1" } },
    raw: audio, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/audio/translations",
    check(_s, res) { expect(typeof res.json.text).toBe("string"); },
  },
  {
    name: "openai responses", config: { route_type: "llm/v1/responses", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-4o" } },
    body: { input: "What is 1+1?" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/responses",
    check(_s, res) { expect(res.json.object).toBe("response"); },
  },
  {
    name: "openai assistants", config: { route_type: "llm/v1/assistants", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai", name: "gpt-4o" } },
    body: { model: "gpt-4o", name: "math" }, headers: { "OpenAI-Beta": "assistants=v2" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/assistants",
    check(_s, res) { expect(res.json.object).toBe("assistant"); },
  },
  {
    name: "openai preserve", config: { route_type: "preserve", auth: bearer("OPENAI_API_KEY"), model: { provider: "openai" } },
    suffix: "/v1/embeddings", body: { model: "text-embedding-3-small", input: "x" }, upstream: "openai", host: /^api\.openai\.com$/, path: "/v1/embeddings",
    check(s, res) { expect(bodyJson(s.req)).toEqual({ model: "text-embedding-3-small", input: "x" }); embeddingShape(res); },
  },
  {
    name: "xai chat", config: { route_type: "llm/v1/chat", auth: bearer("XAI_API_KEY"), model: { provider: "xai", name: "grok-4" } },
    body: CHAT, upstream: "xai", host: /^api\.x\.ai$/, path: "/v1/chat/completions",
    check(s, res) { bearerIs("XAI_API_KEY")(s); openaiChatShape(res); },
  },
  {
    name: "anthropic chat", config: { route_type: "llm/v1/chat", auth: { header_name: "x-api-key", header_value: key("ANTHROPIC_API_KEY") }, model: { provider: "anthropic", name: "claude-sonnet-4-5", options: { anthropic_version: "2023-06-01", max_tokens: 1024 } } },
    body: CHAT, upstream: "anthropic", host: /^api\.anthropic\.com$/, path: "/v1/messages",
    check(s, res) {
      expect(header(s.req, "x-api-key")).toBe(key("ANTHROPIC_API_KEY"));
      expect(header(s.req, "anthropic-version")).toBe("2023-06-01");
      expect(bodyJson(s.req)).toEqual({ model: "claude-sonnet-4-5", system: "You are a mathematician.", messages: [{ role: "user", content: "What is 1+1?" }], max_tokens: 1024 });
      openaiChatShape(res);
    },
  },
  {
    name: "anthropic completions", config: { route_type: "llm/v1/completions", auth: { header_name: "x-api-key", header_value: key("ANTHROPIC_API_KEY") }, model: { provider: "anthropic", name: "claude-2.1", options: { anthropic_version: "2023-06-01", max_tokens: 256 } } },
    body: { prompt: "Say hi" }, upstream: "anthropic", host: /^api\.anthropic\.com$/, path: "/v1/complete",
    check(s, res) { expect(bodyJson(s.req).prompt).toBe("\n\nHuman: Say hi\n\nAssistant:"); completionShape(res); },
  },
  {
    name: "cohere chat", config: { route_type: "llm/v1/chat", auth: bearer("COHERE_API_KEY"), model: { provider: "cohere", name: "command-a-03-2025", options: { max_tokens: 512, temperature: 1.0 } } },
    body: CHAT, upstream: "cohere", host: /^api\.cohere\.com$/, path: "/v1/chat",
    check(s, res) {
      expect(bodyJson(s.req)).toMatchObject({ model: "command-a-03-2025", message: "What is 1+1?", chat_history: [{ role: "SYSTEM", message: "You are a mathematician." }], max_tokens: 512 });
      openaiChatShape(res);
    },
  },
  {
    name: "cohere completions", config: { route_type: "llm/v1/completions", auth: bearer("COHERE_API_KEY"), model: { provider: "cohere", name: "command-r-plus-08-2024" } },
    body: { prompt: "Say hi" }, upstream: "cohere", host: /^api\.cohere\.com$/, path: "/v1/generate",
    check(_s, res) { completionShape(res); },
  },
  {
    name: "cohere embeddings", config: { route_type: "llm/v1/embeddings", auth: bearer("COHERE_API_KEY"), model: { provider: "cohere", name: "embed-english-v3.0" } },
    body: { input: ["a", "b"] }, upstream: "cohere", host: /^api\.cohere\.com$/, path: "/v2/embed",
    check(s, res) { expect(bodyJson(s.req)).toMatchObject({ texts: ["a", "b"], input_type: "classification" }); embeddingShape(res); },
  },
  {
    name: "mistral chat (openai format, upstream_url)", config: { route_type: "llm/v1/chat", auth: bearer("MISTRAL_API_KEY"), model: { provider: "mistral", name: "mistral-tiny", options: { mistral_format: "openai", upstream_url: "https://api.mistral.ai/v1/chat/completions" } } },
    body: CHAT, upstream: "mistral", host: /^api\.mistral\.ai$/, path: "/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "mistral embeddings", config: { route_type: "llm/v1/embeddings", auth: bearer("MISTRAL_API_KEY"), model: { provider: "mistral", name: "mistral-embed" } },
    body: { input: "hi" }, upstream: "mistral", host: /^api\.mistral\.ai$/, path: "/v1/embeddings",
    check(_s, res) { embeddingShape(res); },
  },
  {
    name: "gemini chat (key in query)", config: { route_type: "llm/v1/chat", auth: { param_name: "key", param_value: key("GEMINI_API_KEY"), param_location: "query" }, model: { provider: "gemini", name: "gemini-2.5-flash" } },
    body: CHAT, upstream: "gemini", host: /^generativelanguage\.googleapis\.com$/, path: "/v1beta/models/gemini-2.5-flash:generateContent",
    check(s, res) {
      expect(s.req.url).toContain(`key=${key("GEMINI_API_KEY")}`);
      expect(bodyJson(s.req)).toEqual({ contents: [{ role: "user", parts: [{ text: "What is 1+1?" }] }], systemInstruction: { parts: [{ text: "You are a mathematician." }] } });
      openaiChatShape(res);
    },
  },
  {
    name: "gemini completions", config: { route_type: "llm/v1/completions", auth: { header_name: "x-goog-api-key", header_value: key("GEMINI_API_KEY") }, model: { provider: "gemini", name: "gemini-2.0-flash" } },
    body: { prompt: "Say hi" }, upstream: "gemini", host: /^generativelanguage\.googleapis\.com$/, path: "/v1beta/models/gemini-2.0-flash:generateContent",
    check(_s, res) { completionShape(res); },
  },
  {
    name: "gemini embeddings", config: { route_type: "llm/v1/embeddings", auth: { param_name: "key", param_value: key("GEMINI_API_KEY"), param_location: "query" }, model: { provider: "gemini", name: "text-embedding-004" } },
    body: { input: "hi" }, upstream: "gemini", host: /^generativelanguage\.googleapis\.com$/, path: "/v1beta/models/text-embedding-004:batchEmbedContents",
    check(_s, res) { embeddingShape(res); },
  },
  {
    name: "gemini image generation", config: { route_type: "image/v1/images/generations", genai_category: "image/generation", auth: { param_name: "key", param_value: key("GEMINI_API_KEY"), param_location: "query" }, model: { provider: "gemini", name: "gemini-2.5-flash-preview-image-generation" } },
    body: { prompt: "a cat" }, upstream: "gemini", host: /^generativelanguage\.googleapis\.com$/, path: "/v1beta/models/gemini-2.5-flash-preview-image-generation:generateContent",
    check(_s, res) { expect(res.json.data[0].b64_json).toBeTruthy(); },
  },
  {
    name: "vertex chat (service account)", config: {
      route_type: "llm/v1/chat", auth: { gcp_use_service_account: true, gcp_service_account_json: SA },
      model: { provider: "gemini", name: "gemini-2.5-flash", options: { gemini: { api_endpoint: "us-central1-aiplatform.googleapis.com", project_id: "docval-placeholder-project", location_id: "us-central1" } } },
    },
    body: CHAT, upstream: "gemini", host: /^us-central1-aiplatform\.googleapis\.com$/, path: "/v1/projects/docval-placeholder-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
    check(s, res) { expect(header(s.req, "authorization")).toMatch(/^Bearer ya29\./); openaiChatShape(res); },
  },
  {
    name: "bedrock chat (SigV4)", config: { route_type: "llm/v1/chat", auth: { aws_access_key_id: key("AWS_ACCESS_KEY_ID"), aws_secret_access_key: key("AWS_SECRET_ACCESS_KEY") }, model: { provider: "bedrock", name: "meta.llama3-70b-instruct-v1:0", options: { bedrock: { aws_region: "us-east-1" } } } },
    body: CHAT, upstream: "bedrock", host: /^bedrock-runtime\.us-east-1\.amazonaws\.com$/, path: "/model/meta.llama3-70b-instruct-v1%3A0/converse",
    check(s, res) {
      expect(header(s.req, "authorization")).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA[A-Z0-9]{16}\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
      expect(bodyJson(s.req)).toEqual({ messages: [{ role: "user", content: [{ text: "What is 1+1?" }] }], system: [{ text: "You are a mathematician." }] });
      openaiChatShape(res);
    },
  },
  {
    name: "bedrock completions", config: { route_type: "llm/v1/completions", auth: { aws_access_key_id: key("AWS_ACCESS_KEY_ID"), aws_secret_access_key: key("AWS_SECRET_ACCESS_KEY") }, model: { provider: "bedrock", name: "amazon.nova-lite-v1:0", options: { bedrock: { aws_region: "eu-west-1" } } } },
    body: { prompt: "Say hi" }, upstream: "bedrock", host: /^bedrock-runtime\.eu-west-1\.amazonaws\.com$/, path: "/model/amazon.nova-lite-v1%3A0/converse",
    check(_s, res) { completionShape(res); },
  },
  {
    name: "bedrock embeddings", config: { route_type: "llm/v1/embeddings", auth: { aws_access_key_id: key("AWS_ACCESS_KEY_ID"), aws_secret_access_key: key("AWS_SECRET_ACCESS_KEY") }, model: { provider: "bedrock", name: "amazon.titan-embed-text-v2:0", options: { bedrock: { aws_region: "us-east-1" } } } },
    body: { input: "hello" }, upstream: "bedrock", host: /^bedrock-runtime\.us-east-1\.amazonaws\.com$/, path: "/model/amazon.titan-embed-text-v2%3A0/invoke",
    check(s, res) { expect(bodyJson(s.req)).toEqual({ inputText: "hello" }); embeddingShape(res); },
  },
  {
    name: "bedrock image generation", config: { route_type: "image/v1/images/generations", genai_category: "image/generation", auth: { aws_access_key_id: key("AWS_ACCESS_KEY_ID"), aws_secret_access_key: key("AWS_SECRET_ACCESS_KEY") }, model: { provider: "bedrock", name: "amazon.titan-image-generator-v2:0", options: { bedrock: { aws_region: "us-east-1" } } } },
    body: { prompt: "a cat" }, upstream: "bedrock", host: /^bedrock-runtime\.us-east-1\.amazonaws\.com$/, path: "/model/amazon.titan-image-generator-v2%3A0/invoke",
    check(_s, res) { expect(res.json.data[0].b64_json).toBeTruthy(); },
  },
  {
    name: "azure chat (bearer, deployment)", config: { route_type: "llm/v1/chat", model_name_header: false, auth: bearer("AZURE_OPENAI_API_KEY"), model: { provider: "azure", options: { azure_api_version: "2025-01-01-preview", azure_instance: "docval-placeholder", azure_deployment_id: "docval-deployment" } } },
    body: CHAT, upstream: "azure", host: /^docval-placeholder\.openai\.azure\.com$/, path: "/openai/deployments/docval-deployment/chat/completions",
    check(s, res) { expect(s.req.url).toContain("api-version=2025-01-01-preview"); openaiChatShape(res); expect(res.headers["x-kong-llm-model"]).toBeUndefined(); },
  },
  {
    name: "azure embeddings (api-key)", config: { route_type: "llm/v1/embeddings", auth: { header_name: "api-key", header_value: key("AZURE_OPENAI_API_KEY") }, model: { provider: "azure", name: "text-embedding-3-small", options: { azure_instance: "docval-placeholder", azure_deployment_id: "embed" } } },
    body: { input: "hi" }, upstream: "azure", host: /^docval-placeholder\.openai\.azure\.com$/, path: "/openai/deployments/embed/embeddings",
    check(s, res) { expect(s.req.url).toContain("api-version=2023-05-15"); expect(header(s.req, "api-key")).toBe(key("AZURE_OPENAI_API_KEY")); embeddingShape(res); },
  },
  {
    name: "huggingface chat", config: { route_type: "llm/v1/chat", auth: bearer("HUGGINGFACE_TOKEN"), model: { provider: "huggingface", name: "meta-llama/Llama-3.3-70B-Instruct" } },
    body: CHAT, upstream: "huggingface", host: /^router\.huggingface\.co$/, path: "/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "huggingface embeddings", config: { route_type: "llm/v1/embeddings", auth: bearer("HUGGINGFACE_TOKEN"), model: { provider: "huggingface", name: "sentence-transformers/all-MiniLM-L6-v2" } },
    body: { input: "hi" }, upstream: "huggingface", host: /^router\.huggingface\.co$/, path: "/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction",
    check(s, res) { expect(bodyJson(s.req)).toEqual({ inputs: ["hi"] }); embeddingShape(res); },
  },
  {
    name: "llama2 (ollama format, docs placeholder URL)", config: { route_type: "llm/v1/chat", model: { provider: "llama2", name: "llama2", options: { llama2_format: "ollama", upstream_url: key("DECK_OLLAMA_UPSTREAM_URL") } } },
    body: CHAT, upstream: "ollama", host: /^host\.docker\.internal$/, path: "/api/chat",
    check(s, res) { expect(bodyJson(s.req)).toMatchObject({ model: "llama2", stream: false }); openaiChatShape(res); },
  },
  {
    name: "ollama chat (bare upstream_url)", config: { route_type: "llm/v1/chat", model: { provider: "ollama", name: "qwen3", options: { upstream_url: "http://lollama-server.local:11434" } } },
    body: CHAT, upstream: "ollama", host: /^lollama-server\.local$/, path: "/api/chat",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "ollama embeddings", config: { route_type: "llm/v1/embeddings", model: { provider: "ollama", name: "qwen3-embedding:8b", options: { upstream_url: "http://host.docker.internal:11434" } } },
    body: { input: "hi" }, upstream: "ollama", host: /^host\.docker\.internal$/, path: "/api/embed",
    check(_s, res) { embeddingShape(res); },
  },
  {
    name: "deepseek chat", config: { route_type: "llm/v1/chat", auth: bearer("DEEPSEEK_API_KEY"), model: { provider: "deepseek", name: "deepseek-chat" } },
    body: CHAT, upstream: "deepseek", host: /^api\.deepseek\.com$/, path: "/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "deepseek via openai provider + upstream_url", config: { route_type: "llm/v1/chat", auth: bearer("DEEPSEEK_API_KEY"), model: { provider: "openai", name: "deepseek-chat", options: { upstream_url: "https://api.deepseek.com/chat/completions" } } },
    body: CHAT, upstream: "deepseek", host: /^api\.deepseek\.com$/, path: "/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "cerebras chat", config: { route_type: "llm/v1/chat", auth: bearer("CEREBRAS_API_KEY"), model: { provider: "cerebras", name: "gpt-oss-120b" } },
    body: CHAT, upstream: "cerebras", host: /^api\.cerebras\.ai$/, path: "/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "databricks chat", config: { route_type: "llm/v1/chat", auth: bearer("DATABRICKS_TOKEN"), model: { provider: "databricks", name: "databricks-gpt-oss-20b", options: { databricks: { workspace_instance_id: "dbc-docval-placeholder" } } } },
    body: CHAT, upstream: "databricks", host: /^dbc-docval-placeholder\.cloud\.databricks\.com$/, path: "/serving-endpoints/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "dashscope chat", config: { route_type: "llm/v1/chat", auth: bearer("DASHSCOPE_API_KEY"), model: { provider: "dashscope", name: "qwen-plus" } },
    body: CHAT, upstream: "dashscope", host: /^dashscope-intl\.aliyuncs\.com$/, path: "/compatible-mode/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
  {
    name: "dashscope embeddings (mainland)", config: { route_type: "llm/v1/embeddings", auth: bearer("DASHSCOPE_API_KEY"), model: { provider: "dashscope", name: "text-embedding-v1", options: { dashscope: { international: false } } } },
    body: { input: "hi" }, upstream: "dashscope", host: /^dashscope\.aliyuncs\.com$/, path: "/compatible-mode/v1/embeddings",
    check(_s, res) { embeddingShape(res); },
  },
  {
    name: "vllm chat", config: { route_type: "llm/v1/chat", model: { provider: "vllm", name: "vllm-llama-3-8b", options: { upstream_url: key("VLLM_UPSTREAM_URL") } } },
    body: CHAT, upstream: "vllm", host: /^vllm\.local$/, path: "/v1/chat/completions",
    check(_s, res) { openaiChatShape(res); },
  },
];

describe("ai-proxy conformance over HTTP", () => {
  let gw: TestGateway;
  const rec = recordDoubles();

  beforeAll(async () => {
    gw = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    for (const [i, c] of CASES.entries()) {
      const { route } = await echoRoute(gw, `svc-${i}`, `/c${i}`);
      await gw.create(`/routes/${route.id}/plugins`, { name: "ai-proxy", config: c.config });
    }
  });

  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      rec.clear();
      const headers: Record<string, string> = { accept: "application/json", ...(c.headers ?? {}) };
      const res = c.raw
        ? await gw.proxy(`/c${i}${c.suffix ?? ""}`, { method: "POST", headers: { ...headers, "content-type": c.raw.contentType }, raw: c.raw.body.toString("latin1") })
        : await gw.proxy(`/c${i}${c.suffix ?? ""}`, { method: c.method ?? "POST", headers, body: c.body });
      expect(res.status, res.text).toBe(200);
      const seen = rec.last();
      expect(seen?.upstream).toBe(c.upstream);
      expect(seen!.req.host).toMatch(c.host);
      const path = seen!.req.url.split("?")[0];
      if (typeof c.path === "string") expect(path).toBe(c.path);
      else expect(path).toMatch(c.path);
      c.check(seen!, res);
    });
  }
});
