import { describe, expect, it, vi } from 'vitest';
import type { RecordDto } from '@tangram/client';
import { createPageLoader, type Page } from '../../src/views/core/page-loader';

/** Capped and estimated totals (decision 0050): shown as such, exact only when asked. */
const record = (i: number): RecordDto =>
  ({ id: `r${i}`, version: 1, data: { name: `N${i}` } }) as unknown as RecordDto;
const flush = () => new Promise((r) => setTimeout(r, 0));

function pages(total: number) {
  return vi.fn(async (cursor: string | undefined, limit: number): Promise<Page> => {
    const start = cursor ? Number(cursor) : 0;
    const end = Math.min(total, start + limit);
    return {
      items: Array.from({ length: end - start }, (_, i) => record(start + i)),
      nextCursor: end < total ? String(end) : null,
    };
  });
}

describe('page loader totals', () => {
  it('keeps an estimate as an estimate until the exact count is asked for', async () => {
    const fetchExactCount = vi.fn(async () => 12_345);
    const loader = createPageLoader({
      pageSize: 100,
      fetchPage: pages(20_000),
      fetchCount: async () => ({ total: 12_000, totalKind: 'estimate' }),
      fetchExactCount,
    });
    loader.reset();
    await flush();
    expect(loader.getState()).toMatchObject({ total: 12_000, totalKind: 'estimate' });
    expect(fetchExactCount).not.toHaveBeenCalled();
    loader.countExactly();
    expect(loader.getState().counting).toBe(true);
    await flush();
    expect(loader.getState()).toMatchObject({ total: 12_345, totalKind: 'exact', counting: false });
    loader.countExactly(); // already exact: no second count
    expect(fetchExactCount).toHaveBeenCalledTimes(1);
  });

  it('keeps showing placeholders past a floor or an estimate that is too small', async () => {
    const loader = createPageLoader({
      pageSize: 100,
      fetchPage: pages(1_000),
      fetchCount: async () => ({ total: 50, totalKind: 'estimate' }),
    });
    loader.reset();
    await flush();
    // An exact total of 50 would leave no placeholder after 100 rows; an estimate must not.
    expect(loader.displayCount()).toBe(200);
  });

  it('reports a failed exact count and keeps the estimate', async () => {
    const loader = createPageLoader({
      pageSize: 100,
      fetchPage: pages(20_000),
      fetchCount: async () => ({ total: 10_000, totalKind: 'atLeast' }),
      fetchExactCount: async () => {
        throw new Error('Counting took too long');
      },
    });
    loader.reset();
    await flush();
    loader.countExactly();
    await flush();
    expect(loader.getState()).toMatchObject({ total: 10_000, totalKind: 'atLeast', counting: false });
    expect(loader.getState().countError?.message).toBe('Counting took too long');
  });

  it('treats a bare number as exact, as before', async () => {
    const loader = createPageLoader({ pageSize: 100, fetchPage: pages(20_000), fetchCount: async () => 150 });
    loader.reset();
    await flush();
    expect(loader.getState()).toMatchObject({ total: 150, totalKind: 'exact' });
    expect(loader.displayCount()).toBe(150);
  });
});
