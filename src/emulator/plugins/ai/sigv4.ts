/** AWS Signature Version 4 for Bedrock requests (what Kong does with `auth.aws_access_key_id`). */
import { createHash, createHmac } from "node:crypto";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: every byte but unreserved characters. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SignInput {
  method: string;
  host: string;
  /** Path as sent on the wire (already percent-encoded once). */
  path: string;
  query: Record<string, string>;
  body: Buffer;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  now: Date;
}

/** The headers to add: `x-amz-date`, `x-amz-content-sha256` and `authorization`. */
export function signV4(i: SignInput): Record<string, string> {
  const amzDate = i.now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(i.body);
  const canonicalQuery = Object.keys(i.query).sort().map((k) => `${encode(k)}=${encode(i.query[k])}`).join("&");
  // Services other than S3 encode each path segment a second time in the canonical request.
  const canonicalPath = i.path.split("/").map((seg) => encode(seg)).join("/");
  const signedHeaders = "host;x-amz-content-sha256;x-amz-date";
  const canonical = [
    i.method.toUpperCase(), canonicalPath, canonicalQuery,
    `host:${i.host}\nx-amz-content-sha256:${payloadHash}\nx-amz-date:${amzDate}\n`, signedHeaders, payloadHash,
  ].join("\n");
  const scope = `${day}/${i.region}/${i.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${i.secretAccessKey}`, day), i.region), i.service), "aws4_request");
  const signature = createHmac("sha256", kSigning).update(toSign).digest("hex");
  return {
    "x-amz-date": amzDate,
    "x-amz-content-sha256": payloadHash,
    authorization: `AWS4-HMAC-SHA256 Credential=${i.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
