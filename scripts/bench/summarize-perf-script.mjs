#!/usr/bin/env node
// Where a media thread's CPU went, from `perf script` of a server run with call graphs: every sample
// counted once, under the first of the categories below whose frames its stack holds. Unlike a V8
// profile (`--cpu-prof`), this sees the time in the kernel, libuv and Node's C++ (the UDP receive and
// send, the event loop's polling, microtasks after each callback).
//   BENCH_NODE_ARGS=--perf-basic-prof-only-functions BENCH_SESSIONS=1 BENCH_RUNS=0 BENCH_CLIENTS=synthetic npm run bench:inspection
//   perf record -e cpu-clock -F 1999 -g -p <server pid> -o perf.data -- sleep 25    (during the window)
//   perf report -i perf.data --stdio -g none --sort pid            (the media thread is the busiest)
//   perf script -i perf.data --tid <media thread> > media.txt
//   node scripts/bench/summarize-perf-script.mjs media.txt
import fs from 'node:fs';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/bench/summarize-perf-script.mjs <perf script output>\n');
  process.exit(2);
}

/** [category, test on the stack's frame names (innermost first)], the first that matches wins. */
const has = (frames, text) => frames.some((frame) => frame.includes(text));
const categories = [
  ['receive: microtasks after the callback', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'InternalCallbackScope')],
  ['receive: forward: UDP send (sendmsg)', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'forwardRtp') && has(f, 'sendmsg')],
  ['receive: forward: SRTP encryption', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'forwardRtp') && has(f, 'encryptRtp')],
  [
    'receive: forward: Node dgram (JS)',
    (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'forwardRtp') && (has(f, 'Socket.send') || has(f, 'doSend')),
  ],
  ['receive: forward: the rest', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'forwardRtp')],
  ['receive: recorder', (f) => has(f, 'UDPWrap::OnRecv') && (has(f, 'segment-recorder') || has(f, 'rtp-frames') || has(f, 'webm-muxer'))],
  ['receive: SRTP decryption', (f) => has(f, 'UDPWrap::OnRecv') && (has(f, 'srtp-aes-cm') || has(f, 'decryptRtp'))],
  ['receive: SRTCP decryption', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'decryptRTCP')],
  ['receive: werift and engine (JS)', (f) => has(f, 'UDPWrap::OnRecv') && has(f, 'JS:')],
  ['receive: Node before JS (callback, Buffer)', (f) => has(f, 'UDPWrap::OnRecv')],
  ['timers (RTCP reports, recorder writes)', (f) => has(f, 'RunTimers')],
  ['event loop: epoll', (f) => has(f, 'epoll_pwait') || has(f, 'epoll_wait')],
  ['event loop: UDP receive (libuv)', (f) => has(f, 'uv__udp_io')],
  ['event loop: other I/O', (f) => has(f, 'uv__io_poll')],
  ['other', () => true],
];

const counts = new Map(categories.map(([name]) => [name, 0]));
let total = 0;
for (const block of fs.readFileSync(file, 'utf8').split(/\n\s*\n/)) {
  const lines = block
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length < 2) continue;
  // "address symbol+offset (object)" per frame, the sample's header first.
  const frames = lines.slice(1).map((line) => line.replace(/^[0-9a-f]+ /, '').split(' (')[0]);
  total += 1;
  const [name] = categories.find(([, test]) => test(frames));
  counts.set(name, counts.get(name) + 1);
}
process.stdout.write(`${total} samples\n`);
for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  if (count > 0) process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}\n`);
}
