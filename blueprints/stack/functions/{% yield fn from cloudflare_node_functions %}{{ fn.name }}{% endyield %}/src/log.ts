/**
 * The stack's log contract for a Worker: one JSON object per line with time (UTC), level, msg,
 * service and request_id first, then the line's own keys (docs: the repository's logging contract).
 * Workers Logs (`observability` in wrangler.jsonc) indexes the keys of JSON lines.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CONTRACT_KEYS = new Set(['time', 'level', 'msg', 'service', 'request_id']);
const WRITERS: Record<Level, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/** A new request id: 32 lowercase hex digits (128 random bits). */
export const newRequestId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make a new one. */
export const resolveRequestId = (value: unknown): string =>
  typeof value === 'string' && REQUEST_ID.test(value) ? value : newRequestId();

/** Write one contract line for SERVICE; FIELDS never replace a contract key. */
export const log = (service: string, level: Level, msg: string, requestId: string, fields: Fields = {}): void => {
  const line: Fields = { time: new Date().toISOString(), level, msg, service, request_id: requestId };
  for (const [key, value] of Object.entries(fields)) {
    if (!CONTRACT_KEYS.has(key)) line[key] = value;
  }
  WRITERS[level](JSON.stringify(line));
};
