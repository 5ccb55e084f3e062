#!/usr/bin/env node
// `npm start`: builds whatever is missing or out of date (shared types, server, web app), then runs
// the server, which migrates the database, seeds the demo data on first start and prints the address.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

function newestTime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestTime(path.join(target, entry)));
  }
  return newest;
}

function isStale(output, inputs) {
  if (!fs.existsSync(output)) return true;
  const builtAt = fs.statSync(output).mtimeMs;
  return inputs.some((input) => newestTime(at(input)) > builtAt);
}

function run(label, command, args) {
  process.stdout.write(`» ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status}). Run \`npm ci\` first if this is a fresh clone.\n`);
    process.exit(result.status ?? 1);
  }
}

const serverEntry = at('apps/server/dist/server.js');
if (isStale(serverEntry, ['packages/shared/src', 'apps/server/src', 'apps/server/tsconfig.json', 'packages/shared/tsconfig.json'])) {
  run('building the server', process.execPath, [at('node_modules/typescript/bin/tsc'), '-b', 'apps/server/tsconfig.build.json']);
  fs.utimesSync(serverEntry, new Date(), new Date());
}
const webIndex = at('apps/web/dist/index.html');
if (isStale(webIndex, ['packages/shared/src', 'apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts'])) {
  run('building the web app', 'npm', ['run', 'build', '--silent', '-w', '@yuanqu/web', '--', '--logLevel', 'warn']);
}

const server = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit', env: { NODE_ENV: 'production', ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
