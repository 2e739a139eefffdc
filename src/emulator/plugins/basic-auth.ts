/**
 * basic-auth (priority 1100): `Proxy-Authorization`, then `Authorization: Basic …`; every failure is
 * 401 "Unauthorized" with `WWW-Authenticate: Basic realm="service"` (realm configurable).
 * Passwords are compared as stored in the emulator (plain text); Kong stores a hash.
 */
import { hideCredentialsDefault } from "../version.js";
import type { EmulatedPlugin } from "./types.js";
import { alreadyAuthenticated, anonymous, authenticate, header, kongError } from "./util.js";

interface Conf {
  hide_credentials: boolean;
  anonymous?: string | null;
  realm?: string;
}

function decode(v: string | undefined): [string, string] | undefined {
  const m = /^\s*Basic\s+(\S+)\s*$/i.exec(v ?? "");
  if (!m) return undefined;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const i = text.indexOf(":");
  return i < 0 ? undefined : [text.slice(0, i), text.slice(i + 1)];
}

export const basicAuth: EmulatedPlugin<Conf> = {
  name: "basic-auth",
  priority: 1100,
  fidelity: "full",
  defaults: (version) => ({ hide_credentials: hideCredentialsDefault(version), anonymous: null, realm: "service" }),
  access(ctx, conf) {
    if (alreadyAuthenticated(ctx) && conf.anonymous) return;
    const realm = { "www-authenticate": `Basic realm="${conf.realm ?? "service"}"` };
    const fail = () => {
      const anon = anonymous(ctx, conf.anonymous);
      if (anon === "ok") return undefined;
      return anon ?? kongError(ctx, 401, "Unauthorized", realm);
    };
    const proxyAuth = header(ctx.request.headers, "proxy-authorization");
    const auth = header(ctx.request.headers, "authorization");
    const creds = decode(proxyAuth) ?? decode(auth);
    if (!creds) return fail();
    const [username, password] = creds;
    const cred = ctx.store.list("basicauth_credentials").find((c) => c.username === username);
    if (!cred || cred.password !== password) return fail();
    const consumer = ctx.store.get("consumers", String((cred.consumer as { id: string }).id));
    if (!consumer) return fail();
    if (conf.hide_credentials) {
      delete ctx.request.headers["authorization"];
      delete ctx.request.headers["proxy-authorization"];
    }
    authenticate(ctx, consumer, { ...cred, password: undefined }, String(cred.username));
  },
};
