/**
 * Plugin execution: for each plugin name in Kong's priority order, the one instance that applies
 * by scope precedence (consumer/consumer-group/route/service/global, decided when the iteration
 * reaches it, so plugins after an auth plugin see its consumer), then access, response and log.
 * A plugin without an emulation passes traffic and is named in `ctx.unemulated`.
 */
import type { Json } from "../entities.js";
import type { Runtime } from "../runtime.js";
import type { EmulatedPlugin, PluginInstance, ProxyCtx, Reply } from "../plugins/types.js";
import { cachedCondition, evaluateCondition, type ConditionInput } from "../expressions.js";

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

/**
 * Plugin instances grouped by name, and names sorted by priority; rebuilt per store generation.
 * A cloned plugin's name resolves to its ref's emulation and the clone's own priority.
 */
export class PluginIndex {
  readonly byName = new Map<string, PluginInstance<Json>[]>();
  readonly info = new Map<string, { priority: number; plugin?: EmulatedPlugin<Json> }>();
  readonly order: string[];
  /** Whether any instance has a `condition` (so requests without one skip building its input). */
  readonly conditional: boolean;

  constructor(rt: Runtime) {
    let conditional = false;
    for (const p of rt.store.list("plugins")) {
      if (p.enabled === false) continue;
      const list = this.byName.get(String(p.name)) ?? [];
      list.push(p as unknown as PluginInstance<Json>);
      this.byName.set(String(p.name), list);
      if (typeof p.condition === "string") conditional = true;
    }
    this.conditional = conditional;
    for (const name of this.byName.keys()) {
      this.info.set(name, { priority: rt.plugins.priority(name, rt.store), plugin: rt.emulated.get(rt.plugins.base(name, rt.store)) });
    }
    const prio = (n: string) => this.info.get(n)?.priority ?? 0;
    this.order = [...this.byName.keys()].sort((a, b) => prio(b) - prio(a) || a.localeCompare(b));
  }
}

const field = (inst: PluginInstance<Json>, k: string): unknown => (inst as unknown as Json)[k];

/** The request as a condition sees it: before any plugin changed it (Kong evaluates while collecting). */
export function conditionInput(ctx: ProxyCtx): ConditionInput {
  const r = ctx.request;
  return { method: r.method, path: r.path, host: r.host, scheme: r.scheme, headers: { ...r.headers }, query: new URLSearchParams(r.query), clientIp: r.clientIp };
}

/**
 * Whether the instance's `condition` lets it run. An expression the emulator cannot decide runs the
 * plugin (as with no condition) and names it, so the answer is never taken as proof.
 */
function conditionAllows(name: string, inst: PluginInstance<Json>, input: () => ConditionInput, unemulated: Set<string>): boolean {
  const text = field(inst, "condition");
  if (typeof text !== "string") return true;
  const parsed = cachedCondition(text);
  const v = parsed.ok ? evaluateCondition(parsed.ast, input()) : { unknown: parsed.message };
  if (v === false) return false;
  if (v !== true) unemulated.add(`${name} (condition)`);
  return true;
}

/** Dynamic ordering (`ordering.before/after.access`) is not modelled: name the plugin when it is set. */
function hasOrdering(inst: PluginInstance<Json>): boolean {
  const o = field(inst, "ordering") as Record<string, Record<string, unknown[]> | null> | null | undefined;
  return !!o && ["before", "after"].some((k) => (o[k]?.access?.length ?? 0) > 0);
}

const isGlobal = (inst: PluginInstance<Json>) => !SCOPES.some((s) => idOf(inst[s]));

/**
 * Plugins Kong runs on an answer it gives before a route is known (no route, https required):
 * global ones run their rewrite, header_filter, body_filter and log phases on every request. Those the
 * emulator does not model are returned, to be named on the answer.
 */
export function globalUnemulated(index: PluginIndex, input: ConditionInput): Set<string> {
  const out = new Set<string>();
  for (const name of index.order) {
    const inst = (index.byName.get(name) ?? []).find((i) => isGlobal(i) && (!Array.isArray(i.protocols) || i.protocols.includes(input.scheme)));
    if (!inst || !conditionAllows(name, inst, () => input, out)) continue;
    const plugin = index.info.get(name)?.plugin;
    if (!plugin) out.add(name);
    // exit-transformer rewrites the no-route 404 only when told to (`handle_unknown`).
    else if (plugin.name === "exit-transformer" && (inst.config as Json).handle_unknown === true) out.add(name);
  }
  return out;
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

/**
 * Runs access in priority order until a plugin answers. Kong still collects the plugins after that
 * one (their header_filter, body_filter and log phases run on the answer), so unmodelled ones among
 * them are named too.
 */
export async function runAccess(_rt: Runtime, index: PluginIndex, ctx: ProxyCtx): Promise<AccessOutcome> {
  const ran: Selected[] = [];
  let snapshot: ConditionInput | undefined = index.conditional ? conditionInput(ctx) : undefined;
  const input = () => (snapshot ??= conditionInput(ctx));
  let reply: Reply | undefined;
  for (const name of index.order) {
    const inst = select(index.byName.get(name) ?? [], ctx, groupIdsOf(ctx));
    if (!inst || !conditionAllows(name, inst, input, ctx.unemulated)) continue;
    const { plugin, priority } = index.info.get(name) ?? { priority: 0 };
    if (reply) {
      if (!plugin) ctx.unemulated.add(name);
      continue;
    }
    ran.push({ name, priority, instance: inst, plugin });
    if (hasOrdering(inst)) ctx.unemulated.add(`${name} (ordering)`);
    if (!plugin) {
      ctx.unemulated.add(name);
      continue;
    }
    if (!plugin.access) continue;
    reply = (await plugin.access(ctx, inst.config, inst)) ?? undefined;
  }
  return reply ? { ran, reply } : { ran };
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
