/**
 * Applies a target's `auth` block to the upstream request: a header, a query or body parameter, or a
 * cloud identity (Azure Entra ID, GCP service account). Cloud token exchanges are not performed:
 * the emulator mints a token of the right shape locally, which the doubles accept.
 * AWS SigV4 signing happens after the body is final, in prepare.ts.
 */
import { createHash } from "node:crypto";
import type { Headers } from "../types.js";
import type { AuthConf, Json } from "./conf.js";
import type { UpstreamUrl } from "./endpoints.js";

function b64url(s: string): string {
  return Buffer.from(s).toString("base64url");
}

/** A JWT-shaped Entra ID token; nothing verifies its signature in the embedded world. */
function entraToken(clientId: string): string {
  return [b64url(JSON.stringify({ alg: "RS256", typ: "JWT" })), b64url(JSON.stringify({ aud: "https://cognitiveservices.azure.com", appid: clientId, iss: "docval" })), b64url("docval-unsigned")].join(".");
}

export interface AuthResult {
  /** Set when the auth config cannot be used (Kong answers 500 for these). */
  error?: string;
}

export function applyAuth(auth: AuthConf | null | undefined, headers: Headers, url: UpstreamUrl, body: Json | undefined): AuthResult {
  if (!auth) return {};
  const override = auth.allow_override === true;
  if (auth.header_name && auth.header_value != null) {
    const name = auth.header_name.toLowerCase();
    if (!(override && headers[name] !== undefined)) headers[name] = auth.header_value;
  }
  if (auth.param_name && auth.param_value != null) {
    if (auth.param_location === "body") {
      if (body && !(override && body[auth.param_name] !== undefined)) body[auth.param_name] = auth.param_value;
    } else if (!(override && url.query[auth.param_name] !== undefined)) {
      url.query[auth.param_name] = auth.param_value;
    }
  }
  if (auth.azure_use_managed_identity || auth.azure_client_id) {
    headers.authorization = `Bearer ${entraToken(auth.azure_client_id ?? "managed-identity")}`;
    delete headers["api-key"];
  }
  if (auth.gcp_use_service_account) {
    const sa = parseServiceAccount(auth.gcp_service_account_json);
    if (!sa) return { error: "failed to authenticate with GCP: gcp_service_account_json is missing or is not a service account key (needs client_email and private_key)" };
    headers.authorization = `Bearer ya29.docval-${createHash("sha256").update(sa).digest("hex").slice(0, 40)}`;
  }
  return {};
}

function parseServiceAccount(json: string | null | undefined): string | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    return typeof v.client_email === "string" && typeof v.private_key === "string" ? v.client_email : undefined;
  } catch {
    return undefined;
  }
}
