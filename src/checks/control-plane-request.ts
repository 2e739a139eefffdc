/**
 * control_plane_request: a call to the Admin API (the page's `localhost:8001` moved onto the target,
 * with `--admin-header`s), default status 200. Entities it creates are reported to the runner so reset
 * removes them even though they carry no tag.
 */
import { compare } from "./assert.js";
import type { CheckExecutor } from "./context.js";
import { runLoop } from "./outcome.js";

export const controlPlaneRequest: CheckExecutor<"control_plane_request"> = {
  type: "control_plane_request",
  run: (step, ctx) => {
    const expect = { ...step.expect, status: step.expect.status ?? 200 };
    return runLoop(step, ctx, {
      count: Math.max(1, step.repeat),
      control: true,
      expected: { ...expect },
      judge: (_i, a) => {
        const created = createdPath(step.request.method, a.exchange.request.url, ctx.target.adminUrl, a.res?.status, a.json);
        if (created) ctx.onCreated?.(created);
        return compare(expect, a);
      },
    });
  },
};

/** The Admin API path of the entity a POST/PUT created, when the answer says so. */
export function createdPath(method: string, url: string, adminUrl: string, status: number | undefined, json: unknown): string | undefined {
  if (!status || status >= 300 || (method !== "POST" && method !== "PUT")) return undefined;
  const base = adminUrl.replace(/\/+$/, "");
  if (!url.startsWith(base)) return undefined;
  const path = url.slice(base.length).split("?")[0].replace(/\/+$/, "");
  const id = json && typeof json === "object" ? (json as Record<string, unknown>).id : undefined;
  if (method === "PUT") return path;
  return typeof id === "string" ? `${path}/${id}` : undefined;
}
