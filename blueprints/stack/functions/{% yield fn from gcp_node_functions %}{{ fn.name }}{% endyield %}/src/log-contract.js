/**
 * The stack's log contract on Cloud Logging: one JSON object per line (info and debug on
 * stdout, warn and error on stderr).
 *
 * Every line has the keys every unit writes (time in UTC, level, msg, service, request_id),
 * then the call's own keys, then the keys Cloud Logging reads from a JSON line: severity,
 * message and, when the request carries a W3C traceparent and GOOGLE_CLOUD_PROJECT is set,
 * logging.googleapis.com/trace and logging.googleapis.com/spanId.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// version 00, a trace id and a span id that are not all zeros, the flags
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$/;
const SEVERITY = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };
const CONTRACT_KEYS = new Set(['time', 'level', 'msg', 'service', 'request_id', 'severity', 'message']);
const context = new AsyncLocalStorage();

/** Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits. */
export const resolveRequestId = (value) =>
  typeof value === 'string' && REQUEST_ID.test(value) ? value : randomBytes(16).toString('hex');

/** The trace id and span id of a W3C traceparent header, or null when it is not one. */
export const parseTraceparent = (value) => {
  const match = typeof value === 'string' ? TRACEPARENT.exec(value) : null;
  return match ? { traceId: match[1], spanId: match[2] } : null;
};

/** Run FN with REQUEST_ID and the trace of TRACEPARENT on every line it logs; nothing leaks out. */
export const withRequest = (requestId, traceparent, fn) =>
  context.run({ requestId, trace: parseTraceparent(traceparent) }, fn);

/** A logger for SERVICE with debug, info, warn and error(msg, fields). */
export const createLogger = (service) => {
  const write = (level, msg, fields = {}) => {
    const store = context.getStore();
    const entry = { time: new Date().toISOString(), level, msg, service };
    if (store) entry.request_id = store.requestId;
    for (const [key, value] of Object.entries(fields)) {
      if (!CONTRACT_KEYS.has(key)) entry[key] = value;
    }
    entry.severity = SEVERITY[level];
    entry.message = msg;
    const project = process.env.GOOGLE_CLOUD_PROJECT;
    if (store?.trace && project) {
      entry['logging.googleapis.com/trace'] = `projects/${project}/traces/${store.trace.traceId}`;
      entry['logging.googleapis.com/spanId'] = store.trace.spanId;
    }
    const line = JSON.stringify(entry);
    if (level === 'warn' || level === 'error') console.error(line);
    else console.log(line);
  };
  return Object.fromEntries(Object.keys(SEVERITY).map((level) => [level, (msg, fields) => write(level, msg, fields)]));
};
