/**
 * Self-contained corpus pages against the emulator: apply the page's prereq entities and its
 * entity_examples (cumulatively, through DB-less POST /config), then send the page's validation
 * requests and expect the statuses the page promises. Read directly with `yaml` (the planner is
 * separate); pages whose blocks hold Liquid or env placeholders are left to the planner's tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";
import { gateway, send, SCHEMAS_DIR } from "./helpers.js";

const PAGES = [
  "enable-key-authentication-on-a-service-with-kong-gateway",
  "authenticate-consumers-with-basic-authentication",
  "add-rate-limiting-for-a-consumer-with-kong-gateway",
  "add-rate-limiting-tiers-with-kong-gateway",
  "restrict-access-to-resources-by-allowing-ips",
  "add-correlation-ids-to-gateway-logs",
  "collect-metrics-with-datadog-and-prometheus-plugin",
  "configure-fallback-route",
  "route-requests-to-different-upstreams-based-on-headers",
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const yaml = (text: string): unknown => parse(text, { version: "1.1", uniqueKeys: false });

function prereqEntity(type: string, name: string): Json | undefined {
  const dir = resolve(CORPUS, "app/_data/entity_examples/gateway", type === "consumer_groups" ? "consumer-groups" : type);
  for (const ext of ["yml", "yaml"]) {
    const f = resolve(dir, `${name}.${ext}`);
    if (existsSync(f)) return yaml(readFileSync(f, "utf8")) as Json;
  }
  return undefined;
}

interface Step {
  kind: "apply" | "check";
  entities?: Json;
  check?: { type: string; url: string; method?: string; headers?: string[]; body?: unknown; status_code?: number; iterations?: number };
}

function stepsOf(file: string): Step[] | undefined {
  const text = readFileSync(file, "utf8");
  const fm = yaml(text.split(/^---$/m)[1]) as Json;
  const steps: Step[] = [];
  const pre: Json = {};
  for (const [type, names] of Object.entries((fm.prereqs?.entities ?? {}) as Record<string, string[]>)) {
    pre[type] = names.map((n) => prereqEntity(type, n));
    if (pre[type].some((e: unknown) => !e)) return undefined;
  }
  if (Object.keys(pre).length) steps.push({ kind: "apply", entities: pre });
  const re = /{%\s*entity_examples\s*%}([\s\S]*?){%\s*endentity_examples\s*%}|{%\s*validation\s+([\w-]+)\s*%}([\s\S]*?){%\s*endvalidation\s*%}/g;
  for (const m of text.matchAll(re)) {
    const body = m[1] ?? m[3];
    if (/{{|{%|\$\{/.test(body)) return undefined;
    const v = yaml(body) as Json;
    if (m[1] !== undefined) steps.push({ kind: "apply", entities: v.entities });
    else if (["request-check", "unauthorized-check", "rate-limit-check"].includes(m[2])) steps.push({ kind: "check", check: { ...(v as Step["check"] & object), type: m[2] } });
  }
  return steps;
}

/** decK-style entity map → Kong declarative config (consumers' nested credentials already match). */
function merge(into: Json, entities: Json): void {
  for (const [type, list] of Object.entries(entities ?? {})) {
    into[type] = [...(into[type] ?? []).filter((e: Json) => !(list as Json[]).some((n) => n.name && n.name === e.name && type !== "plugins")), ...(list as Json[])];
  }
}

function headersOf(list: string[] | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of list ?? []) {
    const i = line.indexOf(":");
    h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

describe.skipIf(!HAS_CORPUS)("corpus pages against the emulator", () => {
  for (const page of PAGES) {
    const file = resolve(CORPUS, "app/_how-tos/gateway", `${page}.md`);
    it(page, async () => {
      const steps = existsSync(file) ? stepsOf(file) : undefined;
      if (!steps) return; // not self-contained (Liquid or env placeholders): the planner's job
      const gw = await gateway({ dbless: true, version: "3.15", schemasDir: SCHEMAS_DIR });
      const config: Json = { _format_version: "3.0" };
      let checks = 0;
      for (const step of steps) {
        if (step.kind === "apply") {
          merge(config, step.entities ?? {});
          const r = await gw.admin("POST", "/config", config);
          expect(r.status, `${page}: apply ${JSON.stringify(r.json?.fields ?? r.json)}`).toBe(201);
          continue;
        }
        const c = step.check!;
        const init = { method: c.method ?? (c.body ? "POST" : "GET"), headers: headersOf(c.headers), body: c.body };
        if (c.type === "rate-limit-check") {
          const statuses: number[] = [];
          for (let i = 0; i < (c.iterations ?? 1); i++) statuses.push((await send(`${gw.proxyUrl}${c.url}`, init)).status);
          expect(statuses.at(-1), `${page}: ${c.url} after ${statuses.length} requests`).toBe(429);
        } else {
          const r = await send(`${gw.proxyUrl}${c.url}`, init);
          expect(r.headers["x-docval-unemulated"], `${page}: unemulated`).toBeUndefined();
          expect(r.status, `${page}: ${init.method} ${c.url} ${r.text.slice(0, 200)}`).toBe(c.status_code ?? (c.type === "unauthorized-check" ? 401 : 200));
        }
        checks++;
      }
      expect(checks).toBeGreaterThan(0);
      await gw.stop();
    });
  }
});
