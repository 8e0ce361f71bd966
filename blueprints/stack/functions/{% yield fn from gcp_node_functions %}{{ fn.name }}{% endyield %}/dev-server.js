/**
 * Serve src/index.js through the Functions Framework's own server on HOST:PORT (default
 * 127.0.0.1:8080). The framework's CLI listens on every interface; this binds one address.
 */
import { getTestServer } from '@google-cloud/functions-framework/testing';
import './src/index.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);

getTestServer('handle').listen(port, host, () => {
  console.error(`functions framework: handle on http://${host}:${port}`);
});
