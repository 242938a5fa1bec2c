import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { isEnabled, settingsOf } from './run-store';
import { listenedKeys } from './triggers';

/**
 * Whether an enabled automation of the form's app may fire on its `record.created` events, so the
 * events of a create must carry the record (decision 0066). Answered from the cached definition
 * alone when no automation of the app listens; only then are the org's switches read.
 */
export async function automationsHearCreated(tx: Db, ctx: FormContext): Promise<boolean> {
  const key = `record.created|${ctx.form.id}`;
  const listening = (ctx.app.automations ?? []).filter((a) => listenedKeys([a], ctx.app).includes(key));
  if (listening.length === 0) return false;
  const settings = await settingsOf(tx, ctx.orgId, ctx.app.id);
  return listening.some((a) => isEnabled(a, settings.get(a.id)));
}
