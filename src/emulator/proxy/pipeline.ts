/**
 * Plugin execution: for each plugin name in Kong's priority order, the one instance that applies
 * by scope precedence (consumer/consumer-group/route/service/global, decided when the iteration
 * reaches it, so plugins after an auth plugin see its consumer), then access, response and log.
 * A plugin without an emulation passes traffic and is named in `ctx.unemulated`.
 */
import type { Json } from "../entities.js";
import type { Runtime } from "../runtime.js";
import type { EmulatedPlugin, PluginInstance, ProxyCtx, Reply } from "../plugins/types.js";

/** Kong's precedence, most specific first (plugin entity docs, 12 combinations). */
const PRECEDENCE: string[] = [
  "consumer,route,service",
  "consumer_group,route,service",
  "consumer,route",
  "consumer,service",
  "consumer_group,route",
  "consumer_group,service",
  "route,service",
  "consumer",
  "consumer_group",
  "route",
  "service",
  "",
];

const SCOPES = ["consumer", "consumer_group", "route", "service"] as const;
const idOf = (v: unknown) => (v as { id?: string } | null | undefined)?.id;

export interface Selected {
  name: string;
  priority: number;
  instance: PluginInstance<Json>;
  plugin?: EmulatedPlugin<Json>;
}

/** Plugin instances grouped by name, and names sorted by priority; rebuilt per store generation. */
export class PluginIndex {
  readonly byName = new Map<string, PluginInstance<Json>[]>();
  readonly order: string[];

  constructor(rt: Runtime) {
    for (const p of rt.store.list("plugins")) {
      if (p.enabled === false) continue;
      const list = this.byName.get(String(p.name)) ?? [];
      list.push(p as unknown as PluginInstance<Json>);
      this.byName.set(String(p.name), list);
    }
    this.order = [...this.byName.keys()].sort((a, b) => rt.plugins.priority(b) - rt.plugins.priority(a) || a.localeCompare(b));
  }
}

function select(instances: PluginInstance<Json>[], ctx: ProxyCtx, groupIds: string[]): PluginInstance<Json> | undefined {
  let best: PluginInstance<Json> | undefined;
  let bestRank = Infinity;
  const have: Record<(typeof SCOPES)[number], (id: string) => boolean> = {
    consumer: (id) => ctx.consumer?.id === id,
    consumer_group: (id) => groupIds.includes(id),
    route: (id) => String(ctx.route.id) === id,
    service: (id) => !!ctx.service && String(ctx.service.id) === id,
  };
  for (const inst of instances) {
    if (Array.isArray(inst.protocols) && !inst.protocols.includes(ctx.request.scheme)) continue;
    const set = SCOPES.filter((s) => idOf(inst[s]));
    if (!set.every((s) => have[s](idOf(inst[s]) as string))) continue;
    const key = [...set].sort((a, b) => PRECEDENCE_ORDER[a] - PRECEDENCE_ORDER[b]).join(",");
    const rank = PRECEDENCE.indexOf(key);
    if (rank >= 0 && rank < bestRank) {
      bestRank = rank;
      best = inst;
    }
  }
  return best;
}

const PRECEDENCE_ORDER: Record<string, number> = { consumer: 0, consumer_group: 1, route: 2, service: 3 };

function groupIdsOf(ctx: ProxyCtx): string[] {
  if (!ctx.consumerGroups?.length) return [];
  return ctx.consumerGroups.map((n) => ctx.store.get("consumer_groups", n)?.id).filter((x): x is string => typeof x === "string");
}

export interface AccessOutcome {
  ran: Selected[];
  reply?: Reply;
}

/** Runs access in priority order until a plugin answers. */
export async function runAccess(rt: Runtime, index: PluginIndex, ctx: ProxyCtx): Promise<AccessOutcome> {
  const ran: Selected[] = [];
  for (const name of index.order) {
    const inst = select(index.byName.get(name) ?? [], ctx, groupIdsOf(ctx));
    if (!inst) continue;
    const plugin = rt.emulated.get(name);
    const sel: Selected = { name, priority: rt.plugins.priority(name), instance: inst, plugin };
    ran.push(sel);
    if (!plugin) {
      ctx.unemulated.add(name);
      continue;
    }
    if (!plugin.access) continue;
    const reply = await plugin.access(ctx, inst.config, inst);
    if (reply) return { ran, reply };
  }
  return { ran };
}

/** header_filter + body_filter for every plugin that was selected, in the same order. */
export async function runResponse(ran: Selected[], ctx: ProxyCtx, reply: Reply): Promise<Reply> {
  let r = reply;
  for (const s of ran) {
    if (s.plugin?.response) r = await s.plugin.response(ctx, s.instance.config, r, s.instance);
  }
  return r;
}

export function runLog(ran: Selected[], ctx: ProxyCtx, reply: Reply): void {
  for (const s of ran) {
    try {
      s.plugin?.log?.(ctx, s.instance.config, reply, s.instance);
    } catch {
      // A logger's failure never changes the client's answer, as in Kong.
    }
  }
}
