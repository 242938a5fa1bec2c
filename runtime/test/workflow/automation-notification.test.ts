import type { AppNotification } from '@tangram/client';
import { describe, expect, it } from 'vitest';
import { notificationPath, notificationText } from '../../src/workflow/core/inbox-format';
import { workflowTexts } from '../../src/workflow/texts';

// An automation's notify action in the bell (decision 0037): its title in the reader's language,
// the record it is about by name, a link to that record; workflow notifications are unchanged.

const automation = (payload: Partial<AppNotification['payload']>): AppNotification => ({
  id: 'n1',
  kind: 'automation',
  payload: {
    appId: 'shop',
    formId: 'shipments',
    recordId: 'r1',
    title: { en: 'New shipment', 'zh-CN': '新发货单' },
    recordTitle: 'SO-1001',
    ...payload,
  },
  createdAt: '2026-01-01T00:00:00Z',
  readAt: null,
});
const nobody = () => '';

describe('automation notifications', () => {
  it('read "<title>: <record>" in the reader language', () => {
    expect(notificationText(automation({}), workflowTexts('zh-CN'), nobody, 'zh-CN')).toBe(
      '新发货单：「SO-1001」',
    );
    expect(notificationText(automation({}), workflowTexts('en'), nobody, 'en')).toBe(
      'New shipment: “SO-1001”',
    );
    // Only one language given: that one, whatever the reader's.
    expect(
      notificationText(
        automation({ title: { en: 'Only English' } }),
        workflowTexts('zh-CN'),
        nobody,
        'zh-CN',
      ),
    ).toBe('Only English：「SO-1001」');
    // A record without a readable title says so rather than showing its id.
    expect(notificationText(automation({ recordTitle: null }), workflowTexts('en'), nobody, 'en')).toBe(
      'New shipment: “(untitled)”',
    );
  });

  it('without a record (a schedule) is the title alone and opens nothing', () => {
    const n = automation({ formId: null, recordId: null, recordTitle: null });
    expect(notificationText(n, workflowTexts('en'), nobody, 'en')).toBe('New shipment');
    expect(notificationPath(n)).toBeNull();
  });

  it('opens the record page; a workflow notification still opens the process page', () => {
    expect(notificationPath(automation({}))).toBe('/apps/shop/forms/shipments/records/r1/edit');
    const task: AppNotification = {
      ...automation({}),
      kind: 'task',
      payload: { instanceId: 'i', appId: 'shop', formId: 'orders', recordId: 'o1', title: 'SO-1' },
    };
    expect(notificationPath(task)).toBe('/apps/shop/forms/orders/records/o1/process');
    expect(notificationText(task, workflowTexts('en'), () => 'Lin', 'en')).toBe(
      '“SO-1” from System waits for you',
    );
  });
});
