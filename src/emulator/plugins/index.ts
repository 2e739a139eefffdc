/**
 * The registry of emulated plugins (LocalStack's providers.py): every module beside this file and
 * the AI plugins. A plugin name Kong knows but that is missing here is accepted and reported
 * unemulated on each response it touches.
 */
import { AI_PLUGINS } from "./ai/index.js";
import { acl } from "./acl.js";
import { basicAuth } from "./basic-auth.js";
import { correlationId } from "./correlation-id.js";
import { cors } from "./cors.js";
import { exitTransformer } from "./exit-transformer.js";
import { ipRestriction } from "./ip-restriction.js";
import { jsonThreatProtection } from "./json-threat-protection.js";
import { jwt } from "./jwt.js";
import { keyAuth } from "./key-auth.js";
import { PASSIVE_PLUGINS } from "./passive.js";
import { rateLimiting } from "./rate-limiting.js";
import { rateLimitingAdvanced } from "./rate-limiting-advanced.js";
import { requestTermination } from "./request-termination.js";
import { requestTransformer, requestTransformerAdvanced } from "./request-transformer.js";
import { responseTransformer, responseTransformerAdvanced } from "./response-transformer.js";
import { routeByHeader } from "./route-by-header.js";
import { session } from "./session.js";
import type { EmulatedPlugin } from "./types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each plugin has its own config type
type AnyPlugin = EmulatedPlugin<any>;

export const CORE_PLUGINS: AnyPlugin[] = [
  keyAuth, basicAuth, jwt, acl, ipRestriction, rateLimiting, rateLimitingAdvanced, requestTermination,
  requestTransformer, requestTransformerAdvanced, responseTransformer, responseTransformerAdvanced,
  cors, correlationId, routeByHeader, jsonThreatProtection, session, exitTransformer, ...PASSIVE_PLUGINS,
];

/** Name → plugin; the AI plugins are added last so a core module never shadows them by accident. */
export function pluginRegistry(): Map<string, EmulatedPlugin<Record<string, unknown>>> {
  const m = new Map<string, EmulatedPlugin<Record<string, unknown>>>();
  for (const p of [...CORE_PLUGINS, ...(AI_PLUGINS as AnyPlugin[])]) m.set(p.name, p as EmulatedPlugin<Record<string, unknown>>);
  return m;
}
