import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandlerPlugin } from './error-handler.js';

describe('paths with no route', () => {
  async function appWithWebIndex() {
    const app = Fastify({ logger: false });
    await app.register(errorHandlerPlugin, { webIndexHtml: Buffer.from('<!doctype html><title>园区通</title>') });
    await app.ready();
    return app;
  }

  it('serve the web app for page paths, dots included, as in the phone’s signed inspection link', async () => {
    const app = await appWithWebIndex();
    for (const url of ['/cases/0b6f', '/inspect/4d1c2b7e-9f1a-4c55-8d3e-2f0a1b2c3d4e.2.1795000000.Qm9ndXM-c2ln', '/inspect/x.y?lang=en']) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.headers['content-type'], url).toContain('text/html');
    }
    await app.close();
  });

  it('answer a coded 404 for API paths and for missing static files', async () => {
    const app = await appWithWebIndex();
    for (const url of ['/api/nothing.here', '/assets/index-abc123.js', '/favicon.ico', '/fonts/x.woff2']) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(404);
      expect(reply.json().error.code, url).toBe('NOT_FOUND');
    }
    await app.close();
  });
});
