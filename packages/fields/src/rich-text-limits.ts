import type { FieldProblem } from './field-type.js';

/**
 * Deepest element nesting a rich-text value may have. Editors produce a handful of levels (a list
 * in a table cell in a quote is about ten); sanitizing (DOMPurify over a DOM) slows down
 * quadratically with depth, and thousands of levels overflow the parser's stack.
 */
export const RICH_TEXT_MAX_DEPTH = 64;
/** Most elements one rich-text value may hold: a long document, at well under a second of sanitizing. */
export const RICH_TEXT_MAX_ELEMENTS = 10_000;

/** Elements that never hold content, so never nest (HTML's void elements). */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Elements an opening tag of the same name closes (`<p>a<p>b` is two siblings, not nested). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);

const TAG_NAME = /[A-Za-z][^\s/>]*/y;

/**
 * Measures a rich-text value's tag structure in one linear pass, without parsing it: the number of
 * elements and the deepest nesting, counting an element open until its end tag (an unclosed
 * `<b>` nests what follows, as the HTML parser does). It errs on the side of counting deeper than
 * a browser would, never shallower, except for the implicit sibling ends above. Stops early once
 * a limit is passed, so the cost is bounded by the value's length.
 */
export function richTextProblem(html: string): FieldProblem | null {
  const stack: string[] = [];
  let elements = 0;
  let i = html.indexOf('<');
  while (i !== -1 && i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end === -1) break;
      i = html.indexOf('<', end + 3);
      continue;
    }
    const closing = html[i + 1] === '/';
    TAG_NAME.lastIndex = i + (closing ? 2 : 1);
    const match = TAG_NAME.exec(html);
    const gt = html.indexOf('>', i + 1);
    if (gt === -1) break;
    if (match) {
      const name = match[0].toLowerCase();
      if (closing) {
        // Close up to the matching open element; an end tag nothing opened is ignored.
        const at = stack.lastIndexOf(name);
        if (at !== -1) stack.length = at;
      } else if (!VOID.has(name)) {
        if (SELF_CLOSING_SIBLINGS.has(name) && stack[stack.length - 1] === name) stack.pop();
        stack.push(name);
        if (stack.length > RICH_TEXT_MAX_DEPTH) {
          return {
            code: 'too_deeply_nested',
            message: `nests elements more than ${RICH_TEXT_MAX_DEPTH} levels deep`,
          };
        }
      }
      if (!closing && ++elements > RICH_TEXT_MAX_ELEMENTS) {
        return {
          code: 'too_many_elements',
          message: `holds more than ${RICH_TEXT_MAX_ELEMENTS} elements`,
        };
      }
    }
    i = html.indexOf('<', gt + 1);
  }
  return null;
}
