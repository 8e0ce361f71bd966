'use strict';
/**
 * The stack's log contract for Azure Functions (Node.js): one JSON object per line with the keys,
 * levels and request ids of every unit. debug and info go to stdout, warn and error to stderr;
 * the Functions host collects both.
 */
const { randomUUID } = require('node:crypto');

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LEVELS = ['debug', 'info', 'warn', 'error'];

/** Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits. */
const resolveRequestId = (value) =>
  typeof value === 'string' && REQUEST_ID.test(value) ? value : randomUUID().replaceAll('-', '');

/**
 * A logger for `service`; `bound` keys (request_id) are on every line. Keys a call adds follow
 * the contract's keys and never replace them.
 */
const createLogger = (service, bound = {}) => {
  const logger = { child: (fields) => createLogger(service, { ...bound, ...fields }) };
  for (const level of LEVELS) {
    logger[level] = (msg, fields = {}) => {
      const line = { time: new Date().toISOString(), level, msg, service, ...bound };
      for (const [key, value] of Object.entries(fields)) {
        if (!(key in line)) line[key] = value;
      }
      console[level](JSON.stringify(line));
    };
  }
  return logger;
};

module.exports = { createLogger, resolveRequestId };
