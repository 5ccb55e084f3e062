import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL plans every unnamed statement again on each execution; for the app's short statements
 * that planning was about 40 % of the database's CPU (docs/benchmarks.md, "Named statements").
 * A connection made by this client gives every parameterised statement a name derived from its text,
 * so the server parses it once per connection and may reuse a generic plan (plan_cache_mode `auto`
 * keeps planning per execution when the generic plan would cost more).
 *
 * Only statements with parameters are named: a statement without them may hold several commands
 * (migrations), which a named statement cannot. Names are kept for at most `limit` distinct texts a
 * process; later texts run unnamed, so a query built with a variable number of placeholders cannot
 * grow the server's per-connection cache without bound.
 */
export function namedStatementClient(limit = 500): typeof pg.Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= limit) return known;
    const name = `yq_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
    return name;
  };

  return class NamedStatementClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      this.query = ((config: unknown, values?: unknown, callback?: unknown) => {
        return query(withName(config, values, nameOf), values, callback);
      }) as typeof this.query;
    }
  };
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

function withName(config: unknown, values: unknown, nameOf: (text: string) => string | undefined): unknown {
  if (typeof config !== 'string' && (typeof config !== 'object' || config === null)) return config;
  const query: QueryConfigLike = typeof config === 'string' ? { text: config } : config;
  // A Query object (submit) or a statement the caller already named is left as it is.
  if (typeof query.text !== 'string' || query.name !== undefined || typeof query.submit === 'function') return config;
  const parameters = values ?? query.values;
  if (!Array.isArray(parameters) || parameters.length === 0) return config;
  const name = nameOf(query.text);
  return name === undefined ? config : { ...query, name };
}
