/**
 * The models each double knows: the ones the Kong docs pages and plugin examples use, plus the
 * provider's common current models. A model outside its list gets the provider's "not found" answer,
 * as the real API would give for a typo.
 */

export const CATALOGUE = {
  openai: {
    chat: [
      "gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
      "gpt-5", "gpt-5-mini", "gpt-5-nano", "o1", "o1-mini", "o3", "o3-mini", "o4-mini", "chatgpt-4o-latest",
      "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18",
    ],
    completions: ["gpt-3.5-turbo-instruct", "babbage-002", "davinci-002", "gpt-4o-mini", "gpt-4o"],
    embeddings: ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"],
    images: ["dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"],
    speech: ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"],
    transcription: ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"],
    responses: ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini"],
  },
  xai: {
    chat: ["grok-4", "grok-4-0709", "grok-4-fast", "grok-3", "grok-3-mini", "grok-3-fast", "grok-2-1212", "grok-2-vision-1212", "grok-beta", "grok-code-fast-1"],
    images: ["grok-2-image", "grok-2-image-1212", "grok-2-image-latest", "grok-imagine-image"],
  },
  anthropic: [
    "claude-sonnet-4-6", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-sonnet-4-20250514", "claude-sonnet-4-0",
    "claude-opus-4-1", "claude-opus-4-1-20250805", "claude-opus-4-20250514", "claude-haiku-4-5", "claude-haiku-4-5-20251001",
    "claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-latest", "claude-3-5-haiku-20241022",
    "claude-3-5-sonnet-20241022", "claude-3-haiku-20240307", "claude-3-opus-20240229", "claude-2.1", "claude-instant-1.2",
  ],
  cohere: [
    "command-a-03-2025", "command-r-plus-08-2024", "command-r-08-2024", "command-r-plus", "command-r", "command",
    "command-light", "command-r7b-12-2024", "embed-english-v3.0", "embed-multilingual-v3.0", "embed-english-light-v3.0", "embed-v4.0",
    "rerank-v3.5", "rerank-english-v3.0",
  ],
  mistral: [
    "mistral-tiny", "mistral-small", "mistral-small-latest", "mistral-medium", "mistral-medium-latest", "mistral-large-latest",
    "open-mistral-7b", "open-mixtral-8x7b", "open-mistral-nemo", "codestral-latest", "ministral-8b-latest", "mistral-embed",
  ],
  gemini: [
    "gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite", "gemini-2.0-flash", "gemini-2.0-flash-lite", "gemini-1.5-flash",
    "gemini-1.5-pro", "gemini-2.5-flash-preview-image-generation", "gemini-2.5-flash-image", "text-embedding-004",
    "gemini-embedding-001", "gemini-3-pro-preview",
  ],
  bedrock: [
    "meta.llama3-70b-instruct-v1:0", "meta.llama3-8b-instruct-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0", "amazon.titan-text-express-v1",
    "amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v1", "amazon.nova-pro-v1:0", "amazon.nova-lite-v1:0",
    "amazon.nova-micro-v1:0", "amazon.titan-image-generator-v2:0", "amazon.nova-canvas-v1:0", "cohere.command-r-plus-v1:0",
    "mistral.mistral-large-2402-v1:0",
  ],
  deepseek: ["deepseek-chat", "deepseek-reasoner"],
  cerebras: ["gpt-oss-120b", "llama-3.3-70b", "llama3.1-8b", "qwen-3-32b", "llama-4-scout-17b-16e-instruct"],
  databricks: [
    "databricks-gpt-oss-20b", "databricks-gpt-oss-120b", "databricks-meta-llama-3-3-70b-instruct", "databricks-claude-sonnet-4",
    "databricks-dbrx-instruct", "databricks-gte-large-en", "databricks-bge-large-en",
  ],
  dashscope: ["qwen-plus", "qwen-max", "qwen-turbo", "qwen-flash", "qwen3-max", "text-embedding-v1", "text-embedding-v2", "text-embedding-v3", "qwen-image-plus", "qwen-image"],
  ollama: ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.2:1b", "qwen3", "qwen3:8b", "mistral", "gemma3", "phi3", "qwen3-embedding:8b", "nomic-embed-text"],
  vllm: ["vllm-llama-3-8b", "meta-llama/Meta-Llama-3-8B-Instruct"],
} as const;

/** Hugging Face hosts thousands of models: any well-formed `owner/name` repository id is accepted. */
export const HF_MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export function knows(list: readonly string[], model: string): boolean {
  return list.includes(model);
}
