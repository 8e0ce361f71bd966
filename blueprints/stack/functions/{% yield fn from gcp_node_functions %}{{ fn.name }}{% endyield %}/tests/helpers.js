/**
 * Test helpers: the sample request or CloudEvent, the function served by the Functions
 * Framework on 127.0.0.1, and the function's captured JSON logs.
 */
import { readFileSync } from 'node:fs';
import { getTestServer } from '@google-cloud/functions-framework/testing';

const EVENT_FILE = new URL('./events/event.json', import.meta.url);

/** The project the sample names; Cloud Run functions' deployment sets GOOGLE_CLOUD_PROJECT. */
export const PROJECT = 'acme-shop-prod';
process.env.GOOGLE_CLOUD_PROJECT = PROJECT;

/** A fresh copy of tests/events/event.json, safe to modify. */
export const loadEvent = () => JSON.parse(readFileSync(EVENT_FILE, 'utf8'));

/** The registered function `handle` on a Functions Framework server at 127.0.0.1; closed after T. */
export const serve = async (t) => {
  const server = getTestServer('handle');
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
};

/** Send a sample request ({method, path, query, headers}) to BASE. */
export const send = (base, event) =>
  fetch(`${base}${event.path}${event.query ? `?${event.query}` : ''}`, { method: event.method, headers: event.headers });

/** POST a CloudEvent as Eventarc does: binary mode, attributes as ce-* headers, data as the body. */
export const deliver = (base, event) => {
  const { data, datacontenttype, ...attributes } = event;
  const headers = Object.fromEntries(Object.entries(attributes).map(([key, value]) => [`ce-${key}`, value]));
  return fetch(base, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': datacontenttype },
    body: JSON.stringify(data),
  });
};

/** Capture the log lines the logger prints; returns a function giving them parsed. */
export const captureLogs = (t) => {
  const lines = [];
  for (const method of ['log', 'error']) {
    t.mock.method(console, method, (line) => lines.push(JSON.parse(line)));
  }
  return () => lines;
};
