import { describe, expect, it, vi } from 'vitest';
import { countsStoreFor, createCountsStore } from '../../src/workflow/core/counts-store';

const counts = { todo: 2, done: 5, initiated: 1, cc: 0 };

function fakeClient() {
  return {
    tasks: { counts: vi.fn(async () => counts) },
    notifications: { count: vi.fn(async () => ({ unread: 3 })) },
  } as never as Parameters<typeof createCountsStore>[0] & {
    tasks: { counts: ReturnType<typeof vi.fn> };
    notifications: { count: ReturnType<typeof vi.fn> };
  };
}

describe('inbox counts store', () => {
  it('collapses overlapping refreshes into one request pair', async () => {
    const client = fakeClient();
    const store = createCountsStore(client);
    await Promise.all([store.getState().refresh(), store.getState().refresh(), store.getState().refresh()]);
    expect(client.tasks.counts).toHaveBeenCalledTimes(1);
    expect(store.getState()).toMatchObject({ counts, unread: 3 });
    await store.getState().refresh();
    expect(client.tasks.counts).toHaveBeenCalledTimes(2);
  });

  it('keeps the last numbers when a refresh fails', async () => {
    const client = fakeClient();
    const store = createCountsStore(client);
    await store.getState().refresh();
    client.tasks.counts.mockRejectedValueOnce(new Error('offline'));
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ counts, unread: 3 });
  });

  it('shares one store per client (top bar and inbox see the same numbers)', () => {
    const a = fakeClient();
    expect(countsStoreFor(a)).toBe(countsStoreFor(a));
    expect(countsStoreFor(a)).not.toBe(countsStoreFor(fakeClient()));
  });
});
