/**
 * Wakes the automation worker right after a commit that wrote outbox events (decision 0037): on a
 * PostgreSQL server, one dedicated connection per process LISTENs on `tangram_outbox`, which the
 * outbox's statement trigger (migration 014) notifies at commit. Polling stays the fallback: a
 * notification lost while this connection was down is picked up by the next poll, and the
 * connection is opened again after a pause. PGlite does not use this (one process, polling).
 */
import pg from 'pg';

export const OUTBOX_CHANNEL = 'tangram_outbox';
const RECONNECT_MS = 5_000;

/** Listens until the returned function is called; `wake` runs once per notification. */
export function listenForOutbox(url: string, wake: () => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  async function connect() {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client = c;
    // An error or end of this connection only costs the wake-ups until it is back: polling goes on.
    c.on('error', (err) => {
      console.error('[automations] outbox listener:', err.message);
      void c.end().catch(() => {});
    });
    c.on('end', () => {
      if (client === c) client = null;
      reconnectLater();
    });
    c.on('notification', (msg) => {
      if (msg.channel === OUTBOX_CHANNEL) wake();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (stopped) await c.end();
      else wake(); // events may have been written while we were not listening
    } catch (err) {
      console.error('[automations] outbox listener:', err instanceof Error ? err.message : err);
      await c.end().catch(() => {});
    }
  }

  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
