/**
 * Names an export writes instead of ids: members and departments from the org directory (read
 * once per export), linked records' titles read per page through the exporter's read door (their
 * grant and view scope on the target form; a record they may not see is written as its id, never
 * its title). Names are chosen so the import reads them back to the same id: a name shared by
 * two members is written as the email, by two departments as the id.
 */
import { fieldRegistry, recordTitle } from '@tangram/fields';
import type { FieldDefinition, Filter, FormDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import type { RecordReader } from '../records/kernel/reader';
import type { RecordDto } from '../storage/record-store';
import type { ExportColumn } from './columns';

export interface Directory {
  memberName(id: string): string;
  departmentName(id: string): string;
}

/** Unique names by id: a name two ids share is replaced by `fallback(id)`. */
function uniqueNames<T extends { id: string; name: string }>(rows: T[], fallback: (row: T) => string) {
  const count = new Map<string, number>();
  for (const r of rows) {
    const key = r.name.trim().toLowerCase();
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return new Map(
    rows.map((r) => [
      r.id,
      r.name.trim() && count.get(r.name.trim().toLowerCase()) === 1 ? r.name : fallback(r),
    ]),
  );
}

export async function loadDirectory(db: Db, orgId: string): Promise<Directory> {
  const users = await db.query<{ id: string; name: string; email: string }>(
    `SELECT id, name, email FROM users WHERE org_id = $1`,
    [orgId],
  );
  const deps = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM departments WHERE org_id = $1`,
    [orgId],
  );
  const members = uniqueNames(users.rows, (u) => u.email || u.id);
  const departments = uniqueNames(deps.rows, (d) => d.id);
  return {
    memberName: (id) => members.get(id) ?? id,
    departmentName: (id) => departments.get(id) ?? id,
  };
}

/** Ids per `in` filter, as the relation display reads them. */
const CHUNK = 200;
/** Titles kept between pages; cleared beyond this (memory stays flat on long exports). */
const MAX_CACHED = 50_000;

type Relation = Extract<FieldDefinition, { type: 'relation' }>;

/** Titles of linked records by relationKey and id, filled page by page. */
export class TitleCache {
  private titles = new Map<string, Map<string, string>>();
  private forms = new Map<string, FormDefinition | null>();
  private size = 0;

  constructor(
    private readonly reader: RecordReader,
    private readonly appId: string,
    private readonly locale: string,
  ) {}

  title(relationKey: string, id: string): string {
    return this.titles.get(relationKey)?.get(id) ?? id;
  }

  /** Reads the titles the page's records link to that are not known yet. */
  async fill(columns: readonly ExportColumn[], records: readonly RecordDto[]): Promise<void> {
    if (columns.length === 0) return;
    if (this.size > MAX_CACHED) {
      this.titles.clear();
      this.size = 0;
    }
    for (const column of columns) {
      const field = column.field as Relation;
      const [top, sub] = column.relationKey.split('.');
      const known = this.titles.get(column.relationKey) ?? new Map<string, string>();
      this.titles.set(column.relationKey, known);
      const wanted = new Set<string>();
      for (const r of records) {
        const values = sub
          ? ((r.data[top!] as Record<string, unknown>[] | undefined) ?? []).map((row) => row[sub])
          : [r.data[top!]];
        for (const v of values)
          for (const id of Array.isArray(v) ? v : [v])
            if (typeof id === 'string' && id && !known.has(id)) wanted.add(id);
      }
      if (wanted.size) await this.read(field, known, [...wanted]);
    }
  }

  private async read(field: Relation, known: Map<string, string>, ids: string[]): Promise<void> {
    const ref = { appId: field.config.app ?? this.appId, formId: field.config.form };
    const formKey = `${ref.appId}/${ref.formId}`;
    if (!this.forms.has(formKey)) {
      const form = await this.reader.open(ref).then(
        (f) => f.ctx.form,
        (error: unknown) => {
          // A target they cannot open: every link is written as its id.
          if (error instanceof AppError && error.status < 500) return null;
          throw error;
        },
      );
      this.forms.set(formKey, form);
    }
    const form = this.forms.get(formKey);
    if (!form) return;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const filter: Filter = { kind: 'cmp', field: 'id', op: 'in', value: chunk };
      const page = await this.reader.page(ref, {
        filter,
        sort: [{ field: 'id', dir: 'asc' }],
        limit: chunk.length,
      });
      for (const r of page.items) {
        const title = recordTitle(form, r.data, fieldRegistry, {
          locale: this.locale,
          ...(field.config.displayField ? { displayField: field.config.displayField } : {}),
        });
        if (title) {
          known.set(r.id, title);
          this.size += 1;
        }
      }
    }
  }
}
