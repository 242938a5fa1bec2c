import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index';

/** A fake fetch recording method, URL and body; answers `{}`. */
function recorder() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    calls.push({
      method: init.method ?? 'GET',
      url,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { client: createClient({ fetch }), calls };
}

const ref = { appId: 'a 1', formId: 'f1' };

describe('workflow client', () => {
  it('maps inbox, task, record workflow and notification calls to the API paths', async () => {
    const { client, calls } = recorder();
    await client.tasks.list('todo', { limit: 20, cursor: 'c1' });
    await client.tasks.counts();
    await client.tasks.approve('t/1', { comment: 'ok', data: { f: 1 }, recordVersion: 3 });
    await client.tasks.reject('t1', { to: { nodeId: 'n1' } });
    await client.tasks.transfer('t1', { to: 'u2' });
    await client.tasks.addApprover('t1', { users: ['u3'], position: 'before' });
    await client.workflow.get(ref, 'r1');
    await client.workflow.withdraw(ref, 'r1');
    await client.workflow.urge(ref, 'r1', { comment: 'please' });
    await client.workflow.comment(ref, 'r1', { comment: 'hi' });
    await client.workflow.submit(ref, 'r1');
    await client.notifications.list({ unread: true });
    await client.notifications.count();
    await client.notifications.markRead({ all: true });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/tasks?box=todo&limit=20&cursor=c1',
      'GET /api/v1/tasks/counts',
      'POST /api/v1/tasks/t%2F1/approve',
      'POST /api/v1/tasks/t1/reject',
      'POST /api/v1/tasks/t1/transfer',
      'POST /api/v1/tasks/t1/add-approver',
      'GET /api/v1/apps/a%201/forms/f1/records/r1/workflow',
      'POST /api/v1/apps/a%201/forms/f1/records/r1/workflow/withdraw',
      'POST /api/v1/apps/a%201/forms/f1/records/r1/workflow/urge',
      'POST /api/v1/apps/a%201/forms/f1/records/r1/workflow/comment',
      'POST /api/v1/apps/a%201/forms/f1/records/r1/workflow/submit',
      'GET /api/v1/notifications?unread=1',
      'GET /api/v1/notifications/count',
      'POST /api/v1/notifications/read',
    ]);
    expect(calls[2]?.body).toEqual({ comment: 'ok', data: { f: 1 }, recordVersion: 3 });
    expect(calls[3]?.body).toEqual({ to: { nodeId: 'n1' } });
    expect(calls[5]?.body).toEqual({ users: ['u3'], position: 'before' });
    expect(calls[13]?.body).toEqual({ all: true });
  });
});
