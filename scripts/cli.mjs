#!/usr/bin/env node
// Runs the operator command line (apps/server/src/cli.ts): `npm run cli -- <command> [options]`.
// The compiled apps/server/dist/cli.js is used when it is at least as new as every source file it is
// built from (and always where the sources are not shipped); otherwise the TypeScript sources run
// through tsx, so that a fresh clone needs no build step.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiledCli = path.join(root, 'apps/server/dist/cli.js');
const compiledShared = path.join(root, 'packages/shared/dist/index.js');
const sourceCli = path.join(root, 'apps/server/src/cli.ts');
const sourceFolders = [path.join(root, 'apps/server/src'), path.join(root, 'packages/shared/src')];

function newestSourceTime(folder) {
  let newest = 0;
  if (!fs.existsSync(folder)) return newest;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isCompiledFresh() {
  if (!fs.existsSync(compiledCli) || !fs.existsSync(compiledShared)) return false;
  const builtAt = Math.min(fs.statSync(compiledCli).mtimeMs, fs.statSync(compiledShared).mtimeMs);
  return sourceFolders.every((folder) => newestSourceTime(folder) <= builtAt);
}

function tsxLoader() {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return undefined;
  }
}

function commandLine() {
  const args = process.argv.slice(2);
  if (isCompiledFresh()) return [compiledCli, ...args];
  const loader = tsxLoader();
  if (!loader || !fs.existsSync(sourceCli)) {
    console.error('error: the compiled CLI is missing or older than its sources, and tsx is not installed; run `npm run build`');
    process.exit(1);
  }
  return ['--import', loader, '--conditions=yuanqu-source', sourceCli, ...args];
}

const child = spawn(process.execPath, commandLine(), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (os.constants.signals[signal] ?? 0) : (code ?? 1));
});
