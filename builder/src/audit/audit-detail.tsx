import type { AuditItem } from '@tangram/client';
import { pickText } from '@tangram/runtime';
import { Descriptions, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { auditZhCN } from './i18n/zh-CN';

/** A part named in a definition summary (server/src/audit/definition-diff.ts). */
interface PartRef {
  id: string;
  name?: unknown;
  formId?: string;
}
interface PartChanges {
  added?: PartRef[];
  removed?: PartRef[];
  changed?: PartRef[];
  more?: number;
}
type PartKey = keyof typeof auditZhCN.parts;
const CHANGE_KINDS = ['added', 'removed', 'changed'] as const;
const TAG_COLOR = { added: 'green', removed: 'red', changed: 'blue' } as const;

/** The summaries of a row: definition changes (`changes`) or a permission change (`access`, `groups`). */
function partsOf(detail: Record<string, unknown>): [PartKey, PartChanges | string[]][] {
  const source = (isObject(detail.changes) ? detail.changes : detail) as Record<string, unknown>;
  return (Object.keys(auditZhCN.parts) as PartKey[])
    .filter((key) => Array.isArray(source[key]) || isObject(source[key]))
    .map((key) => [key, source[key] as PartChanges | string[]]);
}

/** How many parts a summary names, for the one-line view of a row. */
export function changeCount(detail: Record<string, unknown>): number {
  return partsOf(detail).reduce(
    (n, [, c]) =>
      n + (Array.isArray(c) ? c.length : CHANGE_KINDS.reduce((m, k) => m + (c[k]?.length ?? 0), c.more ?? 0)),
    0,
  );
}

/** Keys shown as plain values, in this order, with a label each; the rest of a detail is shown as JSON. */
const PLAIN_KEYS = [
  'email',
  'reason',
  'version',
  'restoredVersion',
  'remappedFrom',
  'format',
  'rows',
] as const;
const HIDDEN_KEYS = new Set<string>([...PLAIN_KEYS, 'changes', 'access', 'groups', 'name', 'fromVersion']);

/** Everything a row says: the diff summary part by part, the known values, the client, the rest. */
export function AuditDetail({ item }: { item: AuditItem }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const nameOf = (p: PartRef) => (p.name !== undefined ? pickText(p.name as never, lang) || p.id : p.id);
  const parts = partsOf(item.detail);
  const rows: { key: string; label: ReactNode; children: ReactNode }[] = [];

  for (const [key, change] of parts) {
    const body = Array.isArray(change) ? (
      <span>{change.join(', ')}</span>
    ) : (
      <div className="tg-audit-changes">
        {CHANGE_KINDS.filter((k) => change[k]?.length).map((k) => (
          <div key={k}>
            <Tag color={TAG_COLOR[k]} bordered={false}>
              {t(`change.${k}`)}
            </Tag>
            {change[k]!.map((p) => (
              <span key={`${p.formId ?? ''}/${p.id}`} className="tg-audit-part" title={p.id}>
                {nameOf(p)}
              </span>
            ))}
          </div>
        ))}
        {change.more ? (
          <Typography.Text type="secondary">{t('change.more', { count: change.more })}</Typography.Text>
        ) : null}
      </div>
    );
    rows.push({ key, label: t(`parts.${key}`), children: body });
  }
  if (isObject(item.detail.changes) && parts.length === 0)
    rows.push({ key: 'none', label: t('parts.app'), children: t('detail.noChanges') });

  for (const key of PLAIN_KEYS) {
    const value = item.detail[key];
    if (value === undefined || value === null) continue;
    const text =
      key === 'reason' && typeof value === 'string' && Object.hasOwn(auditZhCN.reasons, value)
        ? t(`reasons.${value as keyof typeof auditZhCN.reasons}`)
        : String(value);
    rows.push({ key, label: t(`detail.${key}`), children: text });
  }
  const rest = Object.entries(item.detail).filter(([k]) => !HIDDEN_KEYS.has(k));
  for (const [key, value] of rest)
    rows.push({
      key,
      label: key,
      children: (
        <code className="tg-audit-json">{typeof value === 'string' ? value : JSON.stringify(value)}</code>
      ),
    });
  if (item.ip) rows.push({ key: 'ip', label: t('detail.ip'), children: item.ip });
  if (item.userAgent) rows.push({ key: 'ua', label: t('detail.userAgent'), children: item.userAgent });

  return <Descriptions size="small" column={1} bordered items={rows} data-testid="audit-detail" />;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
