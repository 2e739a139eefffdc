/**
 * ai-proxy-advanced's target selection. State (round-robin position, observed latency, token usage,
 * requests in flight) lives per plugin instance for the life of the process.
 * Failover to another target on an upstream error is not modelled: the first choice answers.
 */
import { createHash } from "node:crypto";

export interface Candidate {
  index: number;
  weight: number;
}

interface State {
  current: Map<number, number>;
  latency: Map<number, number>;
  usage: Map<number, number>;
  inflight: Map<number, number>;
}

/** Where a gateway keeps state that outlives a request: `ctx.pluginState` (per gateway), else the request's scratch. */
export type BalancerStore = Map<string, unknown>;

function stateOf(store: BalancerStore, id: string): State {
  const key = `ai-balancer:${id}`;
  let s = store.get(key) as State | undefined;
  if (!s) {
    s = { current: new Map(), latency: new Map(), usage: new Map(), inflight: new Map() };
    store.set(key, s);
  }
  return s;
}

/** Smooth weighted round-robin (nginx's): spreads picks in proportion to weight, without bursts. */
function roundRobin(s: State, cands: Candidate[]): number {
  const total = cands.reduce((a, c) => a + c.weight, 0);
  let best: Candidate | undefined;
  for (const c of cands) {
    const cur = (s.current.get(c.index) ?? 0) + c.weight;
    s.current.set(c.index, cur);
    if (!best || cur > (s.current.get(best.index) ?? 0)) best = c;
  }
  const chosen = best ?? cands[0];
  s.current.set(chosen.index, (s.current.get(chosen.index) ?? 0) - total);
  return chosen.index;
}

/** The candidates with the lowest score, then round-robin among the ties. */
function lowest(s: State, cands: Candidate[], score: (c: Candidate) => number): number {
  const min = Math.min(...cands.map(score));
  return roundRobin(s, cands.filter((c) => score(c) === min));
}

export interface PickInput {
  store: BalancerStore;
  pluginId: string;
  algorithm: string;
  candidates: Candidate[];
  hashValue?: string;
}

export function pick(i: PickInput): number {
  const s = stateOf(i.store, i.pluginId);
  const cands = i.candidates.map((c) => ({ ...c, weight: c.weight > 0 ? c.weight : 100 }));
  if (cands.length === 1) return cands[0].index;
  switch (i.algorithm) {
    case "consistent-hashing": {
      if (i.hashValue === undefined) return roundRobin(s, cands);
      const total = cands.reduce((a, c) => a + c.weight, 0);
      let slot = createHash("sha1").update(i.hashValue).digest().readUInt32BE(0) % total;
      for (const c of cands) {
        if (slot < c.weight) return c.index;
        slot -= c.weight;
      }
      return cands[cands.length - 1].index;
    }
    case "lowest-latency":
      return lowest(s, cands, (c) => s.latency.get(c.index) ?? 0);
    case "lowest-usage":
      return lowest(s, cands, (c) => (s.usage.get(c.index) ?? 0) / c.weight);
    case "least-connections":
      return lowest(s, cands, (c) => (s.inflight.get(c.index) ?? 0) / c.weight);
    case "priority": {
      const top = Math.max(...cands.map((c) => c.weight));
      return roundRobin(s, cands.filter((c) => c.weight === top));
    }
    default:
      return roundRobin(s, cands);
  }
}

export function started(store: BalancerStore, pluginId: string, index: number): void {
  const s = stateOf(store, pluginId);
  s.inflight.set(index, (s.inflight.get(index) ?? 0) + 1);
}

/** Feeds an answer back: latency (moving average) and tokens used. */
export function finished(store: BalancerStore, pluginId: string, index: number, latencyMs: number, tokens: number): void {
  const s = stateOf(store, pluginId);
  s.inflight.set(index, Math.max(0, (s.inflight.get(index) ?? 1) - 1));
  const prev = s.latency.get(index);
  s.latency.set(index, prev === undefined ? latencyMs : prev * 0.7 + latencyMs * 0.3);
  s.usage.set(index, (s.usage.get(index) ?? 0) + tokens);
}
