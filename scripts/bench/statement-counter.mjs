// A TCP proxy between the server and PostgreSQL that reads the client side of the wire protocol and
// counts statements: simple queries ('Q') and extended-protocol executions ('E', whose text is that
// of the statement bound before it: the preceding Parse 'P', or a named statement parsed earlier). It also counts, per transaction, the statements sent while a lock taken by a
// statement matching one of `lockPatterns` is held (from that statement to COMMIT or ROLLBACK) — how
// long the serialised part of a write transaction is, in round trips.
import net from 'node:net';

/**
 * @param {{ target: URL, lockPatterns: Record<string, RegExp>, onStatement?: (text: string) => void }} options
 * @returns {Promise<{ port: number, snapshot(): { statements: number, transactions: number, underLock: Record<string, { transactions: number, statements: number }> }, reset(): void, close(): Promise<void> }>}
 */
export async function startStatementCounter({ target, lockPatterns, onStatement: trace }) {
  let totals;
  const reset = () => {
    totals = {
      statements: 0,
      transactions: 0,
      underLock: Object.fromEntries(Object.keys(lockPatterns).map((name) => [name, { transactions: 0, statements: 0 }])),
    };
  };
  reset();
  const sockets = new Set();

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    let isStarted = false;
    let lastParsedText = '';
    let boundText = '';
    const namedTexts = new Map();
    /** Lock name → statements sent since it was taken, in the open transaction. */
    let held = new Map();
    let isInTransaction = false;

    const onStatement = (text) => {
      trace?.(text);
      totals.statements += 1;
      const normalised = text.trim().toLowerCase();
      if (normalised === 'begin' || normalised.startsWith('begin ') || normalised.startsWith('start transaction')) isInTransaction = true;
      for (const [name, count] of held) held.set(name, count + 1);
      for (const [name, pattern] of Object.entries(lockPatterns)) {
        if (held.has(name) || !pattern.test(text)) continue;
        if (isInTransaction) held.set(name, 1);
        else {
          // A statement on its own (autocommit) holds its locks only while it runs.
          totals.underLock[name].transactions += 1;
          totals.underLock[name].statements += 1;
        }
      }
      if (normalised === 'commit' || normalised === 'rollback') {
        isInTransaction = false;
        totals.transactions += 1;
        for (const [name, count] of held) {
          totals.underLock[name].transactions += 1;
          totals.underLock[name].statements += count;
        }
        held = new Map();
      }
    };

    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!isStarted) {
          // StartupMessage (or SSLRequest): length, then the body; no type byte.
          if (buffer.length < 4) break;
          const length = buffer.readUInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readUInt32BE(4);
          buffer = buffer.subarray(length);
          if (code !== 80877103) isStarted = true; // not an SSLRequest
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0]);
        const length = buffer.readUInt32BE(1);
        if (buffer.length < 1 + length) break;
        const body = buffer.subarray(5, 1 + length);
        if (type === 'Q') onStatement(body.toString('utf8', 0, body.indexOf(0)));
        else if (type === 'P') {
          // Parse: statement name, then its text. A named statement is parsed once per connection and
          // then only bound, so its text is kept for the executions that follow.
          const nameEnd = body.indexOf(0);
          const text = body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1));
          if (nameEnd > 0) namedTexts.set(body.toString('utf8', 0, nameEnd), text);
          lastParsedText = text;
        } else if (type === 'B') {
          // Bind: portal name, then statement name ('' = the last unnamed Parse).
          const portalEnd = body.indexOf(0);
          const statementName = body.toString('utf8', portalEnd + 1, body.indexOf(0, portalEnd + 1));
          boundText = statementName ? (namedTexts.get(statementName) ?? '') : lastParsedText;
        } else if (type === 'E') onStatement(boundText);
        buffer = buffer.subarray(1 + length);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    snapshot: () => structuredClone(totals),
    reset,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
