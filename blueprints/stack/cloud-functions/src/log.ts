// The log contract of the functions: one JSON object per line through firebase-functions'
// logger, with the keys every unit writes (time, level, msg, service, request_id), the call's
// own keys, then Cloud Logging's severity and message. The request id is the caller's
// X-Request-ID when it is an id (1-128 of A-Z a-z 0-9 . _ : -), else a new one (32 lowercase
// hex digits).
import { randomUUID } from "node:crypto";

import { write as loggerWrite, type LogEntry } from "firebase-functions/logger";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SEVERITY = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR" } as const;

export type Level = keyof typeof SEVERITY;
export type Write = (entry: LogEntry) => void;

export const write: Write = loggerWrite;

export function requestId(given: string | undefined): string {
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID().replaceAll("-", "");
}

export function log(out: Write, service: string, level: Level, msg: string, id: string,
  fields: Record<string, unknown> = {}): void {
  out({
    time: new Date().toISOString(), level, msg, service, request_id: id, ...fields,
    severity: SEVERITY[level], message: msg,
  });
}
