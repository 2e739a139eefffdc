/**
 * The gateways a run drives: embedded ones started in-process (one per worker) or real ones given by
 * URL (one per `--admin-url`). Each is opened the same way afterwards: `GET /` for version and
 * database mode, the untagged-entity guard (or `--reset-all`), and the sync sentinel.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { AdminClient } from "../gateway/client.js";
import { readInfo, type GatewayInfo } from "../gateway/info.js";
import { findUntagged, resetTagged } from "../gateway/reset.js";
import { applyDeclarative } from "../gateway/apply.js";
import { awaitGeneration, installSentinel, removeSentinel, sentinelDeclarative, SENTINEL_PLUGINS, SYNC_TAG, type SentinelPlugin } from "../gateway/barrier.js";

export const TAG = "docval";

export type Target =
  | { kind: "embedded"; version?: string; dbless?: boolean; schemasDir?: string; hosts?: Record<string, string> }
  | { kind: "remote"; adminUrls: string[]; proxyUrls: string[]; proxyHttpsUrls?: string[]; adminHeaders: Record<string, string> };

export interface OpenGateway {
  adminUrl: string;
  proxyUrl: string;
  proxyHttpsUrl?: string;
  adminHeaders: Record<string, string>;
  info: GatewayInfo;
  embedded: boolean;
  admin: AdminClient;
  /** Sentinel generation last applied. */
  generation: number;
  /**
   * What the sync barrier must do before the next check: nothing (the proxy serves every write so
   * far), probe for `generation` (a posted DB-less config already carries it), or write a new
   * generation first (Admin API writes since the last barrier).
   */
  sync: "none" | "probe" | "write";
  /** The sentinel plugins this gateway accepted. */
  sentinel: SentinelPlugin[];
  stop(): Promise<void>;
}

interface Started {
  adminUrl: string;
  proxyUrl: string;
  proxyHttpsUrl?: string;
  stop(): Promise<void>;
}

type StartGateway = (o: { version?: string; dbless?: boolean; schemasDir?: string; hosts?: Record<string, string> }) => Promise<Started>;

async function startEmbedded(t: Extract<Target, { kind: "embedded" }>): Promise<Started> {
  const mod = (await import("../emulator/server.js")) as unknown as { startGateway: StartGateway };
  return mod.startGateway({ version: t.version, dbless: t.dbless, schemasDir: t.schemasDir, hosts: t.hosts });
}

/** How many gateways a target can give (real targets: one per admin URL). */
export function capacity(t: Target, workers: number): number {
  return t.kind === "embedded" ? workers : Math.min(workers, t.adminUrls.length);
}

export async function openGateway(
  t: Target,
  slot: number,
  o: { resetAll: boolean; timeoutMs: number; signal?: AbortSignal },
): Promise<{ gateway?: OpenGateway; diagnostics: Diagnostic[] }> {
  let started: Started;
  let headers: Record<string, string> = {};
  if (t.kind === "embedded") {
    try {
      started = await startEmbedded(t);
    } catch (err) {
      return { diagnostics: [diag("target/embedded-start", "target", `the embedded gateway did not start: ${(err as Error).message}`)] };
    }
  } else {
    const proxy = t.proxyUrls[slot] ?? t.proxyUrls[0];
    if (!proxy) return { diagnostics: [diag("run/no-proxy-url", "usage", "--admin-url needs a matching --proxy-url")] };
    started = { adminUrl: t.adminUrls[slot], proxyUrl: proxy, proxyHttpsUrl: t.proxyHttpsUrls?.[slot], stop: async () => {} };
    headers = t.adminHeaders;
  }
  // No run signal here: reset and clean-up must still work after Ctrl-C.
  const admin = new AdminClient(started.adminUrl, headers, o.timeoutMs);
  const { info, diagnostic } = await readInfo(admin);
  if (!info) {
    await started.stop();
    return { diagnostics: diagnostic ? [diagnostic] : [] };
  }
  const gw: OpenGateway = {
    adminUrl: started.adminUrl,
    proxyUrl: started.proxyUrl,
    proxyHttpsUrl: started.proxyHttpsUrl,
    adminHeaders: headers,
    info,
    embedded: t.kind === "embedded",
    admin,
    generation: 0,
    sync: "none",
    sentinel: [...SENTINEL_PLUGINS],
    stop: started.stop,
  };
  const diagnostics: Diagnostic[] = [];
  if (o.resetAll) {
    if (info.dbless) await applyDeclarative(admin, { _format_version: "3.0" });
    else await resetTagged(admin, undefined);
  } else {
    const foreign = await findUntagged(admin, [TAG, SYNC_TAG]);
    if (foreign.length) {
      await started.stop();
      return {
        diagnostics: [
          diag("target/untagged-entities", "config", `the gateway at ${started.adminUrl} holds entities docval did not create (${foreign.join(", ")}); refusing to run`, {
            hint: "docval deletes only what it tagged 'docval'; point it at an empty gateway, or pass --reset-all to delete everything on it",
          }),
        ],
      };
    }
    // Leftovers of an interrupted earlier run carry our tag: clean them.
    if (!info.dbless) await resetTagged(admin, TAG);
  }
  let problem: string | undefined;
  if (info.dbless) {
    const tries: SentinelPlugin[][] = [[...SENTINEL_PLUGINS], ["request-termination"], ["cors"]];
    const problems: string[] = [];
    for (const plugins of tries) {
      const fail = await applyDeclarative(admin, { _format_version: "3.0", ...sentinelDeclarative(0, plugins) });
      if (!fail) {
        gw.sentinel = plugins;
        break;
      }
      problems.push(fail.message);
    }
    if (problems.length === tries.length) problem = problems.join("; ");
  } else {
    const r = await installSentinel(admin, 0);
    problem = r.problem;
    if (r.plugins) gw.sentinel = r.plugins;
  }
  if (!problem) {
    // Learn which sentinel plugin answers on this gateway, so each barrier bumps only that one.
    const b = await awaitGeneration(started.proxyUrl, 0, o.timeoutMs);
    if (!b.ok) problem = b.message;
    else if (b.via && !info.dbless) gw.sentinel = [b.via];
  }
  if (problem) {
    await started.stop();
    return { diagnostics: [...diagnostics, diag("target/sentinel", "target", `could not install docval's sync sentinel on ${started.adminUrl}: ${problem}`)] };
  }
  return { gateway: gw, diagnostics };
}

/** End of run: leave the gateway as found (tagged entities and the sentinel removed), stop embedded ones. */
export async function closeGateway(gw: OpenGateway): Promise<void> {
  if (!gw.embedded) {
    if (gw.info.dbless) await applyDeclarative(gw.admin, { _format_version: "3.0" });
    else {
      await resetTagged(gw.admin, TAG);
      await removeSentinel(gw.admin);
    }
  }
  await gw.stop();
}
