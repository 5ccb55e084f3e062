import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics at GET /metrics: process defaults plus request counts and durations by route. */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yuanqu_' });
  const requests = new Counter({
    name: 'yuanqu_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'yuanqu_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metricsRegistry', registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});

/** Event-loop delay of one worker thread since the previous scrape, in milliseconds. */
export interface WorkerLoopDelay {
  worker: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * `yuanqu_media_worker_eventloop_lag_seconds{worker,stat}`: each media worker's event-loop delay
 * (p50, p99, max) since the previous scrape, beside the app thread's own `yuanqu_nodejs_eventloop_lag_*`.
 */
export function registerWorkerLoopDelays(registry: Registry, read: () => Promise<WorkerLoopDelay[]>): void {
  new Gauge({
    name: 'yuanqu_media_worker_eventloop_lag_seconds',
    help: 'Event-loop delay of each media worker thread since the previous scrape (p50, p99, max)',
    labelNames: ['worker', 'stat'],
    registers: [registry],
    async collect() {
      this.reset();
      const delays = await read();
      for (const delay of delays) {
        const worker = String(delay.worker);
        this.set({ worker, stat: 'p50' }, delay.p50Ms / 1000);
        this.set({ worker, stat: 'p99' }, delay.p99Ms / 1000);
        this.set({ worker, stat: 'max' }, delay.maxMs / 1000);
      }
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}
