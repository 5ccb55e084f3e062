#!/usr/bin/env node
// Where a server's CPU time went, from a V8 .cpuprofile (node --cpu-prof; `BENCH_CPU_PROF=1 npm run
// bench:cases` writes one into the output folder): self time grouped by package or source folder, and the
// busiest functions.
//   node scripts/bench/summarize-cpu-profile.mjs <file.cpuprofile> [top=25]
import fs from 'node:fs';

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/bench/summarize-cpu-profile.mjs <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));

// Sample i took timeDeltas[i + 1] microseconds (the usual reading of V8 profiles).
const selfMicros = new Map();
for (let index = 0; index < profile.samples.length; index += 1) {
  const delta = profile.timeDeltas[index + 1] ?? 0;
  selfMicros.set(profile.samples[index], (selfMicros.get(profile.samples[index]) ?? 0) + delta);
}
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

/** node_modules/<package>, apps/server/dist/<folder>, node:internal, or the special V8 entries. */
function groupOf(callFrame) {
  const url = callFrame.url ?? '';
  if (!url) return `(${callFrame.functionName || 'native'})`;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  const distMatch = /apps\/server\/dist\/(modules\/[^/]+|[^/]+)/.exec(url);
  if (distMatch) return `server: ${distMatch[1]}`;
  if (/packages\/shared/.test(url)) return '@yuanqu/shared';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url;
}

const byGroup = new Map();
const byFunction = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = nodes.get(id);
  const group = groupOf(callFrame);
  byGroup.set(group, (byGroup.get(group) ?? 0) + micros);
  const name = `${callFrame.functionName || '(anonymous)'}  ${group}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}

const share = (micros) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
const lines = [`${file}: ${(total / 1e6).toFixed(1)} s of samples`, '', 'self time by package or folder:'];
for (const [group, micros] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${share(micros)}  ${group}`);
lines.push('', 'busiest functions (self time):');
for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${share(micros)}  ${name}`);
console.log(lines.join('\n'));
