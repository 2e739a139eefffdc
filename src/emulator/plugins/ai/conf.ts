/** Configuration shapes shared by ai-proxy, ai-proxy-advanced targets and the `llm` blocks of the transformer plugins. */

export type Json = Record<string, unknown>;

export interface AuthConf {
  header_name?: string | null;
  header_value?: string | null;
  param_name?: string | null;
  param_value?: string | null;
  param_location?: "query" | "body" | null;
  allow_override?: boolean | null;
  azure_use_managed_identity?: boolean | null;
  azure_client_id?: string | null;
  azure_client_secret?: string | null;
  azure_tenant_id?: string | null;
  gcp_use_service_account?: boolean | null;
  gcp_service_account_json?: string | null;
  aws_access_key_id?: string | null;
  aws_secret_access_key?: string | null;
}

export interface ModelOptions {
  upstream_url?: string | null;
  upstream_path?: string | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  anthropic_version?: string | null;
  azure_instance?: string | null;
  azure_deployment_id?: string | null;
  azure_api_version?: string | null;
  llama2_format?: "ollama" | "openai" | "raw" | null;
  mistral_format?: "ollama" | "openai" | null;
  gemini?: { api_endpoint?: string | null; project_id?: string | null; location_id?: string | null } | null;
  bedrock?: { aws_region?: string | null } | null;
  databricks?: { workspace_instance_id?: string | null } | null;
  dashscope?: { international?: boolean | null } | null;
  cohere?: { embedding_input_type?: string | null } | null;
  embeddings_dimensions?: number | null;
}

export interface ModelConf {
  provider: string;
  name?: string | null;
  model_alias?: string | null;
  options?: ModelOptions | null;
}

/** One LLM target: ai-proxy's config, one ai-proxy-advanced target, or a transformer's `llm` block. */
export interface TargetConf {
  route_type: string;
  model: ModelConf;
  auth?: AuthConf | null;
  weight?: number | null;
  description?: string | null;
}

export interface AiProxyConf extends TargetConf {
  llm_format?: string | null;
  response_streaming?: "allow" | "always" | "deny" | null;
  model_name_header?: boolean | null;
  max_request_body_size?: number | null;
  genai_category?: string | null;
}

export interface AiProxyAdvancedConf {
  targets: TargetConf[];
  balancer?: {
    algorithm?: string | null;
    hash_on_header?: string | null;
    tokens_count_strategy?: string | null;
    latency_strategy?: string | null;
  } | null;
  llm_format?: string | null;
  response_streaming?: "allow" | "always" | "deny" | null;
  model_name_header?: boolean | null;
  max_request_body_size?: number | null;
}

export function isObj(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function parseJson(buf: Buffer): Json | undefined {
  try {
    const v: unknown = JSON.parse(buf.toString("utf8"));
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
