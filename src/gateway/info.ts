/**
 * What a gateway is: `GET /` on its Admin API gives the version, the database mode (`off` = DB-less)
 * and the plugins the server knows. An unreachable or non-Kong answer is a `target` diagnostic naming
 * the URL, which the run turns into exit code 3.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { parseJson, type AdminClient } from "./client.js";

export interface GatewayInfo {
  version: string;
  /** `major.minor` for comparing with `min_version`. */
  versionNumber: string;
  dbless: boolean;
  edition?: string;
  plugins: string[];
}

export async function readInfo(admin: AdminClient): Promise<{ info?: GatewayInfo; diagnostic?: Diagnostic }> {
  const r = await admin.call("GET", "/");
  if (!r.ok) {
    return {
      diagnostic: diag("target/unreachable", "target", `cannot reach the Admin API at ${admin.baseUrl}: ${r.error.message} (${r.error.code})`, {
        hint: "start the gateway, or check --admin-url (and --admin-header when RBAC is on)",
      }),
    };
  }
  const body = parseJson(r.res.text) as
    | { version?: unknown; edition?: unknown; configuration?: { database?: unknown }; plugins?: { available_on_server?: unknown } }
    | undefined;
  if (r.res.status !== 200 || !body || typeof body.version !== "string") {
    const why = r.res.status === 401 || r.res.status === 403 ? " (RBAC: pass a token with --admin-header)" : "";
    return {
      diagnostic: diag("target/not-kong", "target", `${admin.baseUrl}/ answered ${r.res.status} without a Kong version${why}`, {
        hint: "--admin-url must point at a Kong Admin API (port 8001 by default)",
      }),
    };
  }
  const available = body.plugins?.available_on_server;
  const plugins = available && typeof available === "object" ? Object.keys(available) : [];
  return {
    info: {
      version: body.version,
      versionNumber: majorMinor(body.version),
      dbless: body.configuration?.database === "off",
      edition: typeof body.edition === "string" ? body.edition : undefined,
      plugins,
    },
  };
}

export function majorMinor(v: string): string {
  const m = /^(\d+)\.(\d+)/.exec(v);
  return m ? `${m[1]}.${m[2]}` : v;
}

/** Numeric comparison of dotted versions: -1, 0, 1. `3.10` > `3.9`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isNaN(pa[i]) || pa[i] === undefined ? 0 : pa[i];
    const y = Number.isNaN(pb[i]) || pb[i] === undefined ? 0 : pb[i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
