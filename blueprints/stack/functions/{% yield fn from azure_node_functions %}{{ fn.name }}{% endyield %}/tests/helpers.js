'use strict';
/** Test helpers: the function's captured JSON log lines. */

/** Capture the lines the logger prints (console.debug/info/warn/error); returns a function giving them parsed. */
const captureLogs = (t) => {
  const lines = [];
  for (const method of ['debug', 'info', 'warn', 'error']) {
    t.mock.method(console, method, (line) => lines.push(JSON.parse(line)));
  }
  return () => lines;
};

module.exports = { captureLogs };
