/**
 * The shape of each provider's credentials, and one well-formed fake per shape.
 * The doubles check credentials against these patterns; the runner's placeholders are built to pass
 * them. A pattern is the public key format, never a real key.
 */

export const KEY_FORMATS = {
  openai: /^sk-[A-Za-z0-9_-]{20,}$/,
  xai: /^xai-[A-Za-z0-9_-]{20,}$/,
  anthropic: /^sk-ant-[A-Za-z0-9_-]{20,}$/,
  cohere: /^[A-Za-z0-9]{40}$/,
  mistral: /^[A-Za-z0-9]{32}$/,
  gemini: /^AIza[0-9A-Za-z_-]{35}$/,
  deepseek: /^sk-[A-Za-z0-9]{20,}$/,
  cerebras: /^csk-[A-Za-z0-9]{20,}$/,
  databricks: /^dapi[0-9a-f]{32}(-\d+)?$/,
  dashscope: /^sk-[A-Za-z0-9]{20,}$/,
  huggingface: /^hf_[A-Za-z0-9]{20,}$/,
  azure: /^[A-Za-z0-9]{32,84}$/,
  awsAccessKeyId: /^(AKIA|ASIA)[A-Z0-9]{16}$/,
  awsSecretAccessKey: /^[A-Za-z0-9/+]{40}$/,
  gcpAccessToken: /^ya29\.[A-Za-z0-9._-]{20,}$/,
  /** Entra ID access tokens are JWTs. */
  jwt: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/,
} as const;

export const PLACEHOLDER_GCP_SERVICE_ACCOUNT = JSON.stringify({
  type: "service_account",
  project_id: "docval-placeholder-project",
  private_key_id: "0000000000000000000000000000000000000000",
  private_key: "-----BEGIN PRIVATE KEY-----\nZG9jdmFsLXBsYWNlaG9sZGVy\n-----END PRIVATE KEY-----\n",
  client_email: "docval@docval-placeholder-project.iam.gserviceaccount.com",
  client_id: "000000000000000000000",
  token_uri: "https://oauth2.googleapis.com/token",
});

const PLACEHOLDERS: Record<string, string> = {
  OPENAI_API_KEY: "sk-docval-placeholder-000000000000000000000000",
  OPENAI_KEY: "sk-docval-placeholder-000000000000000000000000",
  XAI_API_KEY: "xai-docval-placeholder-00000000000000000000000000",
  ANTHROPIC_API_KEY: "sk-ant-docval-placeholder-0000000000000000000000",
  COHERE_API_KEY: "docvalplaceholder".padEnd(40, "0"),
  MISTRAL_API_KEY: "docvalplaceholder".padEnd(32, "0"),
  GEMINI_API_KEY: "AIza" + "DocvalPlaceholder".padEnd(35, "0"),
  DEEPSEEK_API_KEY: "sk-docvalplaceholder000000000000000000",
  CEREBRAS_API_KEY: "csk-docvalplaceholder00000000000000000000",
  DATABRICKS_TOKEN: "dapi" + "d0c0a1".padEnd(32, "0"),
  DATABRICKS_WORKSPACE_INSTANCE_ID: "dbc-docval-placeholder",
  DASHSCOPE_API_KEY: "sk-docvalplaceholder000000000000000000",
  HUGGINGFACE_TOKEN: "hf_docvalplaceholder00000000000000000000",
  HF_TOKEN: "hf_docvalplaceholder00000000000000000000",
  AZURE_OPENAI_API_KEY: "d0c0a1".padEnd(32, "0"),
  AZURE_INSTANCE_NAME: "docval-placeholder",
  AZURE_DEPLOYMENT_ID: "docval-deployment",
  AWS_ACCESS_KEY_ID: "AKIA" + "DOCVALPLACEHOLDR",
  AWS_SECRET_ACCESS_KEY: "docval/placeholder+secret".padEnd(40, "0"),
  AWS_REGION: "us-east-1",
  GCP_SERVICE_ACCOUNT_JSON: PLACEHOLDER_GCP_SERVICE_ACCOUNT,
  GCP_SERVICE_ACCOUNT: PLACEHOLDER_GCP_SERVICE_ACCOUNT,
  GCP_PROJECT_ID: "docval-placeholder-project",
  GCP_LOCATION_ID: "us-central1",
  GCP_API_ENDPOINT: "us-central1-aiplatform.googleapis.com",
  OLLAMA_UPSTREAM_URL: "http://host.docker.internal:11434/api/chat",
  VLLM_UPSTREAM_URL: "http://vllm.local:8000/v1/chat/completions",
};

/**
 * A well-formed fake value for a provider variable (with or without decK's `DECK_` prefix), or
 * undefined when the variable is not a provider setting. The doubles accept every value returned here.
 */
export function placeholderFor(envName: string): string | undefined {
  const name = envName.toUpperCase().replace(/^DECK_/, "");
  return Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name) ? PLACEHOLDERS[name] : undefined;
}
