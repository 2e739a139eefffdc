/**
 * The keys each block type knows and requires, from the docs site's templates
 * (kong-docs-format.md §2–§5). `any` marks bodies that are free-form maps (env_variables).
 */

interface KeySpec {
  known: string[] | "any";
  required: string[];
}

const COMMON = ["indent", "section", "skip", "debug"];
const URLS = ["url", "on_prem_url", "konnect_url"];
const REQUEST = [
  ...URLS, "method", "headers", "body", "body_cmd", "form_data", "file_dir", "status_code", "message",
  "display_headers", "user", "insecure", "mtls", "count", "sleep", "cookie_jar", "cookie", "output",
  "expected_headers", "capture", "extract_body", "extract_headers", "retry", "jq",
];

export const VALIDATION_KEYS: Record<string, KeySpec> = {
  "request-check": { known: [...REQUEST, ...COMMON], required: ["url"] },
  "unauthorized-check": { known: [...REQUEST, ...COMMON], required: ["url"] },
  "rate-limit-check": {
    known: [...URLS, "iterations", "headers", "sleep", "grep", "output", "message", "status_code", "expected_headers", "display_headers", "method", "body", "user", "insecure", ...COMMON],
    required: ["iterations", "url"],
  },
  "traffic-generator": { known: [...REQUEST, "iterations", "inline_sleep", ...COMMON], required: ["iterations", "url"] },
  "custom-command": { known: ["command", "expected", "render_output", ...COMMON], required: ["command", "expected"] },
  "env-variables": { known: "any", required: [] },
  "vault-secret": { known: ["secret", "value", "command", ...COMMON], required: ["secret", "value"] },
  "grpc-check": { known: ["method", "payload", "response", "authority", "port", "plaintext", "on_prem_url", "konnect_url", ...COMMON], required: ["method"] },
  "kubernetes-resource": { known: ["kind", "name", "namespace", "conditionType", "reason", "generation", "disableDescription", ...COMMON], required: ["kind", "name"] },
  "kubernetes-resource-property": { known: ["kind", "name", "name_selector", "path", "expected", "namespace", ...COMMON], required: ["kind", "path", "expected"] },
  "kubernetes-wait-for": { known: ["kind", "resource", "status_field", "status_type", "expected", "namespace", "timeout", ...COMMON], required: ["kind", "resource"] },
};

export const VALIDATION_TYPES = Object.keys(VALIDATION_KEYS);

export const TAG_KEYS: Partial<Record<string, KeySpec>> = {
  entity_examples: { known: ["entities", "variables", "formats", "deck_flags"], required: ["entities"] },
  entity_example: { known: ["type", "data", "formats", "variables", "headers", "indent", "cluster_plugin"], required: ["type", "data"] },
  control_plane_request: { known: ["url", "method", "headers", "body", "status_code", "display_headers", "extract_body", "capture", "indent"], required: ["url"] },
  konnect_api_request: {
    known: ["url", "method", "status_code", "region", "headers", "body", "body_cmd", "capture", "extract_body", "indent", "display_headers"],
    required: ["url"],
  },
  env_variables: { known: "any", required: [] },
};

/** The key spec of a block, or undefined for blocks that have none (fences, prereq entities, unknown types). */
export function keySpec(tag: string, type: string | undefined): KeySpec | undefined {
  if (tag === "validation") return type ? VALIDATION_KEYS[type] : undefined;
  return TAG_KEYS[tag];
}
