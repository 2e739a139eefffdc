/** LLM provider doubles (openai, xai, anthropic, …), registered by upstreams/index.ts. */
import type { Upstream } from "../types.js";
import { anthropic } from "./anthropic.js";
import { bedrock } from "./bedrock.js";
import { cohere } from "./cohere.js";
import { google } from "./google.js";
import { ollama } from "./ollama.js";
import { azure, cerebras, dashscope, databricks, deepseek, huggingface, mistral, openai, vllm, xai } from "./openai-family.js";

export const PROVIDER_UPSTREAMS: Upstream[] = [
  openai, xai, anthropic, cohere, mistral, google, bedrock, azure, huggingface, ollama, deepseek, cerebras, databricks, dashscope, vllm,
];

export { placeholderFor } from "./placeholders.js";
