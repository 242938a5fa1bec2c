import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, createRecordWrites, startAutomationWorker, type Config } from '@tangram/server';
import { createTestServer } from '../../api/helpers/index';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server on a random port, serving the built web apps. The database comes from the API
 * tests' `createTestServer()` (in-memory PGlite, or PostgreSQL with TANGRAM_TEST_DB=postgres).
 * With `automationIntervalMs` > 0 the automation worker runs too, as main.ts starts it.
 */
export async function startServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
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
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await stopAutomations();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.close();
    },
  };
}
