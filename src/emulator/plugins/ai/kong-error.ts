/** Kong's AI plugins answer client errors as `{"error":{"message": …}}`. */
import type { Reply } from "../types.js";

export function aiError(status: number, message: string): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: Buffer.from(JSON.stringify({ error: { message } })),
  };
}

/** `kong.response.exit`-style body used by the guard plugins: `{"error":{"message": …}}` as well. */
export const badRequest = (message: string): Reply => aiError(400, message);
