/** Small helpers the plugin modules share: Kong-shaped replies, header access, consumer identification. */
import type { ConsumerRef, Headers, ProxyCtx, Reply } from "./types.js";

export function header(h: Headers, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function headerAll(h: Headers, name: string): string[] {
  const v = h[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function jsonReply(status: number, body: unknown, headers: Headers = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** `kong.response.error`: `{"message": …, "request_id": …}`. */
export function kongError(ctx: ProxyCtx, status: number, message: string, headers: Headers = {}): Reply {
  return jsonReply(status, { message, request_id: ctx.requestId ?? "" }, headers);
}

/** `kong.response.exit` with a message: `{"message": …}` and no request id. */
export function kongExit(status: number, message: string, headers: Headers = {}): Reply {
  return jsonReply(status, { message }, headers);
}

const idOf = (v: unknown) => (v as { id?: string } | null | undefined)?.id;

/** What Kong's auth plugins do once a consumer is known: set ctx and the upstream `X-Consumer-*` headers. */
/** `identifier` is what Kong puts in `X-Credential-Identifier` (key-auth: the credential id; basic-auth: the username; jwt: the key). */
export function authenticate(ctx: ProxyCtx, consumer: Record<string, unknown>, credential?: Record<string, unknown>, identifier?: string): void {
  const ref: ConsumerRef = { id: String(consumer.id), username: (consumer.username as string | null) ?? null, custom_id: (consumer.custom_id as string | null) ?? null };
  ctx.consumer = ref;
  if (credential) ctx.credential = { ...credential, id: String(credential.id) };
  const groupIds = ctx.store.list("consumer_group_consumers").filter((m) => idOf(m.consumer) === ref.id).map((m) => idOf(m.consumer_group));
  ctx.consumerGroups = groupIds.map((id) => ctx.store.get("consumer_groups", id ?? "")?.name).filter((n): n is string => typeof n === "string");
  const h = ctx.request.headers;
  h["x-consumer-id"] = ref.id;
  if (ref.username) h["x-consumer-username"] = ref.username;
  else delete h["x-consumer-username"];
  if (ref.custom_id) h["x-consumer-custom-id"] = ref.custom_id;
  else delete h["x-consumer-custom-id"];
  if (credential) h["x-credential-identifier"] = identifier ?? String(credential.id);
  if (ctx.consumerGroups.length) h["x-consumer-groups"] = ctx.consumerGroups.join(", ");
  delete h["x-anonymous-consumer"];
}

/** Falls back to the configured anonymous consumer; a missing one is a 500 as in Kong. */
export function anonymous(ctx: ProxyCtx, anon: unknown): Reply | "ok" | undefined {
  if (typeof anon !== "string" || !anon) return undefined;
  const c = ctx.store.get("consumers", anon);
  if (!c) return kongError(ctx, 500, "An unexpected error occurred");
  authenticate(ctx, c);
  delete ctx.credential;
  delete ctx.request.headers["x-credential-identifier"];
  ctx.request.headers["x-anonymous-consumer"] = "true";
  ctx.shared.set("anonymous", true);
  return "ok";
}

/** Several auth plugins with `anonymous`: a later one must not override a real login. */
export function alreadyAuthenticated(ctx: ProxyCtx): boolean {
  return !!ctx.consumer && !ctx.shared.get("anonymous");
}

export function replyHeader(r: Reply, name: string): string | undefined {
  return header(r.headers, name);
}
