/** A small multipart/form-data reader for the doubles' upload endpoints (files, image edits, audio). */

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parts of a multipart body, or undefined when the body is not valid multipart for this boundary. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delim = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === "--") return parts;
    if (body.subarray(pos, pos + 2).toString() === "\r\n") pos += 2;
    const headEnd = body.indexOf("\r\n\r\n", pos);
    if (headEnd < 0) return undefined;
    const head = body.subarray(pos, headEnd).toString("utf8");
    const next = body.indexOf(delim, headEnd + 4);
    if (next < 0) return undefined;
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headEnd + 4, next - 2);
    const disp = /content-disposition:[^\r\n]*?\bname="([^"]*)"(?:[^\r\n]*?\bfilename="([^"]*)")?/i.exec(head);
    if (!disp) return undefined;
    const ct = /content-type:\s*([^\r\n]+)/i.exec(head);
    parts.push({ name: disp[1], filename: disp[2], contentType: ct?.[1]?.trim(), data });
    pos = next;
  }
}

/** Builds a multipart body; used by tests and by translations that must re-encode a form. */
export function buildMultipart(
  fields: Record<string, string | { filename: string; contentType: string; data: Buffer }>,
  boundary = "docval-boundary-7d1f",
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const [name, v] of Object.entries(fields)) {
    const disp =
      typeof v === "string"
        ? `Content-Disposition: form-data; name="${name}"\r\n\r\n`
        : `Content-Disposition: form-data; name="${name}"; filename="${v.filename}"\r\nContent-Type: ${v.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${disp}`), typeof v === "string" ? Buffer.from(v) : v.data, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
