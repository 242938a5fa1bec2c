import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RENDER_SECTION = '## Web renderer';
const FINDINGS = '### Findings';
export const RESULTS_MD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../RESULTS.md');

/**
 * Replaces the "## Web renderer" section of bench/RESULTS.md (up to the next "## " heading or the
 * end) with `body`, or appends it; the file is read right before writing and nothing else changes.
 * A "### Findings" subsection already in the section is kept (it is written by hand).
 */
export async function writeRenderSection(body: string): Promise<void> {
  await writeSection(RENDER_SECTION, body);
}

/** Replaces (or appends) the section headed `heading` as `writeRenderSection` does. */
export async function writeSection(heading: string, body: string): Promise<void> {
  const md = await readFile(RESULTS_MD, 'utf8');
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  let section = body.trimEnd();
  if (start < 0) {
    await writeFile(RESULTS_MD, `${md.trimEnd()}\n\n${section}\n`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const old = lines.slice(start, end);
  const f = old.findIndex((l) => l.trim() === FINDINGS);
  if (f >= 0 && !section.includes(FINDINGS)) section += `\n\n${old.slice(f).join('\n').trimEnd()}`;
  const after = lines.slice(end).join('\n');
  const before = lines.slice(0, start).join('\n');
  await writeFile(RESULTS_MD, `${before}\n${section}\n${after ? `\n${after}` : ''}`);
}
