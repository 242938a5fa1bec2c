import { FilterOutlined } from '@ant-design/icons';
import { Alert, Tag } from 'antd';
import type { FormDefinition } from '@tangram/client';
import { formatCell, type Directory } from '../core/format-cell';
import { filterParts, type UrlFilter } from '../core/url-filter';
import { fieldLabel } from './filter-builder';
import { useViewTexts, type ViewTexts } from './texts';

// The few texts of the chip live here so the data view's text table stays untouched.
const texts = {
  zh: {
    title: '筛选',
    remove: '清除这个筛选',
    invalid: '链接里的筛选条件无效（{{message}}），显示全部记录。',
    conditions: '{{count}} 个条件',
  },
  en: {
    title: 'Filtered',
    remove: 'Remove this filter',
    invalid: 'The filter in the link is not valid ({{message}}); showing all records.',
    conditions: '{{count}} conditions',
  },
};

/**
 * The filter a link opened the data view with (a dashboard's click-through), as a removable chip
 * saying what it keeps: "Region = East · Order date 2024-03-01 ~ 2024-03-31". Shown while the
 * view's filter is still that one; an invalid link filter is reported instead of silently ignored.
 */
export function UrlFilterChip({
  form,
  urlFilter,
  active,
  directory,
  onClear,
}: {
  form: FormDefinition;
  urlFilter: UrlFilter;
  /** The view's filter is still the link's one (the user has not edited it). */
  active: boolean;
  directory: Directory;
  onClear(): void;
}) {
  const { tx, lang } = useViewTexts();
  const t = lang.startsWith('en') ? texts.en : texts.zh;
  if (!urlFilter) return null;
  if (!urlFilter.ok) {
    return (
      <Alert
        type="warning"
        showIcon
        closable
        onClose={onClear}
        style={{ marginBottom: 8 }}
        title={t.invalid.replace('{{message}}', urlFilter.message)}
        data-testid="url-filter-invalid"
      />
    );
  }
  if (!active) return null;
  const parts = filterParts(urlFilter.filter);
  const text = parts
    ? parts.map((p) => describe(form, p, lang, tx, directory)).join(' · ')
    : t.conditions.replace('{{count}}', '…');
  return (
    <div className="tg-dv-urlfilter" style={{ marginBottom: 8 }}>
      <Tag
        closable
        icon={<FilterOutlined />}
        color="blue"
        onClose={(e) => {
          e.preventDefault();
          onClear();
        }}
        closeIcon={<span aria-label={t.remove}>×</span>}
        style={{ fontSize: 13, padding: '2px 8px', whiteSpace: 'normal', maxWidth: '100%' }}
        data-testid="url-filter-chip"
      >
        {t.title}: {text}
      </Tag>
    </div>
  );
}

const SYMBOLS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

function describe(
  form: FormDefinition,
  part: { field: string; op: string; value: unknown },
  lang: string,
  tx: ViewTexts,
  directory: Directory,
): string {
  const label = fieldLabel(form, part.field, lang, tx);
  const field = form.fields?.find((f) => f.id === part.field);
  const show = (v: unknown) =>
    v === null || v === undefined
      ? tx.empty
      : typeof v === 'object' && 'dynamic' in v
        ? (tx.dynamic[(v as { dynamic: keyof ViewTexts['dynamic'] }).dynamic] ?? JSON.stringify(v))
        : field
          ? formatCell(field, v, lang, directory) || String(v)
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v as string | number | boolean);
  if (part.op === 'isEmpty' || part.op === 'isNotEmpty') return `${label} ${tx.ops[part.op]}`;
  if (part.op === 'between' && Array.isArray(part.value)) {
    const [a, b] = part.value as unknown[];
    return a === b ? `${label} = ${show(a)}` : `${label} ${show(a)} ~ ${show(b)}`;
  }
  if (Array.isArray(part.value))
    return `${label} ${tx.ops[part.op as 'in'] ?? part.op} ${part.value.map(show).join(', ')}`;
  const symbol = SYMBOLS[part.op];
  return symbol
    ? `${label} ${symbol} ${show(part.value)}`
    : `${label} ${tx.ops[part.op as 'contains'] ?? part.op} ${show(part.value)}`;
}
