/**
 * Values as printed (decision 0045), like the record view shows them: relation titles and member
 * and department names (resolved by the caller through the read door and the directory), select
 * labels and numbers by the field registry (money stays exact: it formats the stored decimal),
 * date-times in the organisation's time zone. Pure.
 */
import type { FieldDefinition } from '@tangram/schema';
import { fieldRegistry } from '@tangram/fields';

/** Names the caller resolved for the records being printed. */
export interface PrintNames {
  users: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  /** `relations[fieldId][recordId]`: the linked record's title, null when the reader may not see it. */
  relations: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

interface ValueContext {
  locale: string;
  timeZone: string;
  names: PrintNames;
}

/** Longest text printed for one value: a print is a document, not a data dump. */
export const MAX_VALUE_CHARS = 4000;

const NO_ACCESS = { zh: '（无权查看）', en: '(no access)' };

const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value == null ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

function dateTimeText(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The text of `value` of `field` on paper; empty values print as an empty string. */
export function formatPrintValue(field: FieldDefinition, value: unknown, ctx: ValueContext): string {
  if (value === null || value === undefined || value === '') return '';
  const zh = ctx.locale.toLowerCase().startsWith('zh');
  const named = (map: ReadonlyMap<string, string>) =>
    idsOf(value)
      .map((id) => map.get(id) ?? id)
      .join(zh ? '、' : ', ');
  let text: string;
  switch (field.type) {
    case 'member':
    case 'members':
      text = named(ctx.names.users);
      break;
    case 'department':
    case 'departments':
      text = named(ctx.names.departments);
      break;
    case 'relation': {
      const titles = ctx.names.relations[field.id] ?? {};
      text = idsOf(value)
        .map((id) => titles[id] ?? (zh ? NO_ACCESS.zh : NO_ACCESS.en))
        .join(zh ? '、' : ', ');
      break;
    }
    case 'datetime':
      text = typeof value === 'string' ? dateTimeText(value, ctx.timeZone) : String(value);
      break;
    default:
      text = registryText(field, value, ctx.locale);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function registryText(field: FieldDefinition, value: unknown, locale: string): string {
  try {
    return fieldRegistry.of(field).format(value, field as never, locale);
  } catch {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
