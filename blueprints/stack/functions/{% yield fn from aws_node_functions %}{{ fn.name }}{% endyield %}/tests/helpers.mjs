/**
 * Test helpers: the sample event, a fake Lambda context and the handler's captured JSON logs.
 */
import { readFileSync } from 'node:fs';

// Powertools writes to the global console in dev mode, which the tests can intercept.
// Set before the handler module (and its logger) is imported.
process.env.POWERTOOLS_DEV = 'true';

const EVENT_FILE = new URL('./events/event.json', import.meta.url);

/** A fresh copy of tests/events/event.json, safe to modify. */
export const loadEvent = () => JSON.parse(readFileSync(EVENT_FILE, 'utf8'));

/** The Lambda context fields that Powertools and the handler read. */
export const fakeContext = (functionName) => ({
  functionName: `test-${functionName}`,
  functionVersion: '$LATEST',
  memoryLimitInMB: '256',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:test-${functionName}`,
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: `/aws/lambda/test-${functionName}`,
  logStreamName: '2026/11/27/[$LATEST]0123456789abcdef0123456789abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
});

/** Capture the log lines the logger prints; returns a function giving them parsed. */
export const captureLogs = (t) => {
  const lines = [];
  for (const method of ['debug', 'info', 'warn', 'error']) {
    t.mock.method(console, method, (line) => lines.push(JSON.parse(line)));
  }
  return () => lines;
};
