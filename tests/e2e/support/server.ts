import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createApp,
  createRecordWrites,
  startAutomationWorker,
  startWebhookWorker,
  type Config,
} from '@tangram/server';
import { createTestServer } from '../../api/helpers/index';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server on a random port, serving the built web apps. The database comes from the API
 * tests' `createTestServer()` (in-memory PGlite, or PostgreSQL with TANGRAM_TEST_DB=postgres).
 * The automation worker runs too, as main.ts starts it; with `webhooks` the outgoing webhook
 * worker as well (polling every 200 ms), for stories that need deliveries that really failed.
 */
export async function startServer(
  overrides: Partial<Config> = {},
  options: { webhooks?: boolean } = {},
): Promise<RunningServer> {
  const test = await createTestServer(overrides);
  const app = createApp({ db: test.db, config: test.config, serveStatic: true });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const stopAutomations = startAutomationWorker({
    db: test.db,
    config: test.config,
    writes: createRecordWrites(),
  });
  const stopWebhooks = options.webhooks
    ? startWebhookWorker({ db: test.db, config: test.config }, 200)
    : async () => undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await stopAutomations();
      await stopWebhooks();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.close();
    },
  };
}
