// Loaded into the built server with `node --import` by submission-floor.mjs: while recording is on
// (SIGUSR2 turns it on and off), every statement the server sends through node-postgres is appended
// to RECORD_STATEMENTS_FILE as one JSON line { text, values, rowMode }. A benchmark aid, never loaded
// by the app itself.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pg = createRequire(path.join(root, 'apps/server/package.json'))('pg');
const file = process.env.RECORD_STATEMENTS_FILE;
if (!file) throw new Error('RECORD_STATEMENTS_FILE is not set');
let isRecording = false;
process.on('SIGUSR2', () => {
  isRecording = !isRecording;
});

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function recordedQuery(config, values, callback) {
  if (isRecording) {
    const text = typeof config === 'string' ? config : config.text;
    const parameters = Array.isArray(values) ? values : (config?.values ?? []);
    fs.appendFileSync(file, `${JSON.stringify({ text, values: parameters, rowMode: config?.rowMode ?? null })}\n`);
  }
  return query.call(this, config, values, callback);
};
