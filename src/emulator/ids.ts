/** Identifiers the gateway generates: entity UUIDs, request ids, credential keys. */
import { createHash, randomBytes, randomUUID } from "node:crypto";

export const uuid = (): string => randomUUID();

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

/** 32 hex characters, like Kong's `X-Kong-Request-Id`. */
export function requestId(): string {
  return randomBytes(16).toString("hex");
}

/** Random credential material (key-auth keys, jwt secrets, oauth2 client ids). */
export function randomKey(bytes = 16): string {
  return randomBytes(bytes).toString("hex");
}

export function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
