/** What coercion takes from @tangram/fields, in one place. */
export { fieldRegistry, parseDateTimeText, type ParseCode } from '@tangram/fields';

/** A list cell's parts: separated by commas, semicolons, Chinese commas or new lines. */
export function splitListText(text: string): string[] {
  return text
    .split(/[,;，；、\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
