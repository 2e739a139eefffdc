/**
 * jwt (priority 1450): token from `uri_param_names` query args, `cookie_names`, then `header_names`
 * (`Bearer …`); the `key_claim_name` claim (`iss`) selects the consumer's jwt secret; HS256/384/512
 * (and RS/PS/ES with `rsa_public_key`) signatures and `claims_to_verify` (exp, nbf) are checked.
 * Failures answer 401 with Kong's messages.
 */
import { createHmac, createPublicKey, timingSafeEqual, verify, constants } from "node:crypto";
import type { EmulatedPlugin, ProxyCtx, Reply } from "./types.js";
import { alreadyAuthenticated, anonymous, authenticate, headerAll, jsonReply, kongError } from "./util.js";

interface Conf {
  uri_param_names: string[];
  cookie_names: string[];
  header_names: string[];
  claims_to_verify?: string[] | null;
  key_claim_name: string;
  secret_is_base64: boolean;
  anonymous?: string | null;
  run_on_preflight: boolean;
  maximum_expiration: number;
  realm?: string | null;
}

const b64json = (s: string): unknown => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));

function tokens(ctx: ProxyCtx, conf: Conf): string[] {
  const found: string[] = [];
  for (const n of conf.uri_param_names ?? []) found.push(...ctx.request.query.getAll(n));
  const cookies = headerAll(ctx.request.headers, "cookie").join(";");
  for (const n of conf.cookie_names ?? []) {
    for (const part of cookies.split(";")) {
      const i = part.indexOf("=");
      if (i > 0 && part.slice(0, i).trim() === n) found.push(part.slice(i + 1).trim());
    }
  }
  for (const n of conf.header_names ?? []) {
    for (const v of headerAll(ctx.request.headers, n)) {
      const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(v);
      if (m) found.push(m[1]);
    }
  }
  return [...new Set(found.filter(Boolean))];
}

function verifySignature(alg: string, signingInput: string, sig: Buffer, secret: Record<string, unknown>, conf: Conf): boolean {
  const hs = /^HS(256|384|512)$/.exec(alg);
  if (hs) {
    let key: Buffer = Buffer.from(String(secret.secret ?? ""));
    if (conf.secret_is_base64) key = Buffer.from(String(secret.secret ?? ""), "base64");
    const mac = createHmac(`sha${hs[1]}`, key).update(signingInput).digest();
    return mac.length === sig.length && timingSafeEqual(mac, sig);
  }
  const asym = /^(RS|PS|ES)(256|384|512)$/.exec(alg);
  if (!asym || typeof secret.rsa_public_key !== "string") return false;
  try {
    const key = createPublicKey(secret.rsa_public_key);
    const hash = `sha${asym[2]}`;
    if (asym[1] === "RS") return verify(hash, Buffer.from(signingInput), key, sig);
    if (asym[1] === "PS") return verify(hash, Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig);
    return verify(hash, Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" }, sig);
  } catch {
    return false;
  }
}

export const jwt: EmulatedPlugin<Conf> = {
  name: "jwt",
  priority: 1450,
  fidelity: "full",
  defaults: () => ({
    uri_param_names: ["jwt"], cookie_names: [], header_names: ["authorization"], claims_to_verify: null,
    key_claim_name: "iss", secret_is_base64: false, anonymous: null, run_on_preflight: true, maximum_expiration: 0, realm: null,
  }),
  access(ctx, conf): Reply | void {
    if (!conf.run_on_preflight && ctx.request.method === "OPTIONS") return;
    if (alreadyAuthenticated(ctx) && conf.anonymous) return;
    const base = conf.realm ? `Bearer realm="${conf.realm}"` : "Bearer";
    const fail = (message: string | Record<string, string>, invalid = true): Reply | undefined => {
      const anon = anonymous(ctx, conf.anonymous);
      if (anon === "ok") return undefined;
      if (anon) return anon;
      const h = { "www-authenticate": invalid ? `${base} error="invalid_token"` : base };
      return typeof message === "string" ? kongError(ctx, 401, message, h) : jsonReply(401, message, h);
    };
    const found = tokens(ctx, conf);
    if (found.length > 1) return fail("Multiple tokens provided");
    if (!found.length) return fail("Unauthorized", false);
    const parts = found[0].split(".");
    if (parts.length !== 3) return fail("Bad token; invalid JSON");
    let head: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      head = b64json(parts[0]) as Record<string, unknown>;
      claims = b64json(parts[1]) as Record<string, unknown>;
    } catch {
      return fail("Bad token; invalid JSON");
    }
    if (!head || typeof head !== "object" || !claims || typeof claims !== "object") return fail("Bad token; invalid JSON");
    const keyClaim = conf.key_claim_name ?? "iss";
    const jwtKey = claims[keyClaim] ?? head[keyClaim];
    if (jwtKey === undefined) return fail(`No mandatory '${keyClaim}' in claims`);
    if (typeof jwtKey !== "string" || !jwtKey) return fail(`Invalid '${keyClaim}' in claims`);
    const secret = ctx.store.list("jwt_secrets").find((s) => s.key === jwtKey);
    if (!secret) return fail(`No credentials found for given '${keyClaim}'`);
    if (head.alg !== secret.algorithm) return fail("Invalid algorithm");
    if (!verifySignature(String(head.alg), `${parts[0]}.${parts[1]}`, Buffer.from(parts[2], "base64url"), secret, conf)) return fail("Invalid signature");
    const now = ctx.now() / 1000;
    const errors: Record<string, string> = {};
    for (const c of conf.claims_to_verify ?? []) {
      const v = claims[c];
      if (v === undefined) errors[c] = `must be a number`;
      else if (typeof v !== "number") errors[c] = "must be a number";
      else if (c === "exp" && v <= now) errors[c] = "token expired";
      else if (c === "nbf" && v > now) errors[c] = "token not valid yet";
    }
    if (Object.keys(errors).length) return fail(errors);
    if (conf.maximum_expiration > 0) {
      const exp = claims.exp;
      if (typeof exp !== "number") return fail({ exp: "must be a number" });
      if (exp - now > conf.maximum_expiration) return fail({ exp: "exceeds maximum allowed expiration" });
    }
    const consumer = ctx.store.get("consumers", String((secret.consumer as { id: string }).id));
    if (!consumer) return fail(`Could not find consumer for '${keyClaim}=${jwtKey}'`);
    authenticate(ctx, consumer, { ...secret, secret: undefined }, String(secret.key));
  },
};
