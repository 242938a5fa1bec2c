/**
 * Lexer and Pratt parser: formula text -> AST with source spans.
 *
 * Precedence, lowest first (Excel's): comparison `= <> < > <= >=`, text concat `&`, `+ -`, `* /`,
 * `^`, unary `- +`. All binary operators are left-associative (Excel: `2^3^2` is 64) and unary minus
 * binds tighter than `^` (Excel: `-2^2` is 4).
 */
import { Decimal } from './decimal';
import { LIMITS } from './limits';
import { formatMessage, type MessageKey, type MessageParams } from './messages';
import type { AstNode, BinaryOp, Diagnostic, ErrorCode } from './types';

type TokenType = 'number' | 'string' | 'field' | 'ident' | 'op' | '(' | ')' | ',' | 'eof';
interface Token {
  type: TokenType;
  text: string;
  /** Decoded value for strings, normalized number text for numbers. */
  value: string;
  start: number;
  end: number;
}

export interface ParseResult {
  /** The AST, or null when the text has syntax errors. */
  ast: AstNode | null;
  errors: Diagnostic[];
}

class SyntaxFail extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams,
    readonly start: number,
    readonly end: number,
    readonly code: ErrorCode = '#SYNTAX',
  ) {
    super(formatMessage(key, params, 'en'));
  }
}

/** A diagnostic with its message key (see messages.ts). */
function fail(
  key: MessageKey,
  params: MessageParams,
  start: number,
  end: number,
  code: ErrorCode,
): Diagnostic {
  return { message: formatMessage(key, params, 'en'), start, end, code, key, params };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => /[A-Za-z_\u4e00-\u9fff]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_.\u4e00-\u9fff]/.test(c);
/** Field and column ids: letters, digits, `_`, `-`, and CJK (ids are generated, but be lenient). */
const FIELD_ID = /^[A-Za-z0-9_\-\u4e00-\u9fff$]+$/;

/** Tokenize the whole text; throws SyntaxFail on the first bad character. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      while (i < n && isDigit(text[i] as string)) i++;
      if (text[i] === '.') {
        i++;
        while (i < n && isDigit(text[i] as string)) i++;
      }
      if ((text[i] === 'e' || text[i] === 'E') && /^[+-]?\d/.test(text.slice(i + 1, i + 3))) {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        while (i < n && isDigit(text[i] as string)) i++;
      }
      const raw = text.slice(start, i);
      let value: string;
      try {
        value = new Decimal(raw).toString();
      } catch {
        throw new SyntaxFail('invalidNumber', { text: raw }, start, i);
      }
      const underflow = value === '0' && /[1-9]/.test(raw.split(/e/i)[0] ?? '');
      if (value === 'Infinity' || value === 'NaN' || underflow) {
        throw new SyntaxFail('numberRange', { text: raw }, start, i);
      }
      tokens.push({ type: 'number', text: raw, value, start, end: i });
      continue;
    }
    if (c === '"' || c === '\u201c') {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) throw new SyntaxFail('unterminatedText', {}, start, n);
        const ch = text[i] as string;
        if (ch === '\\' && i + 1 < n) {
          const next = text[i + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (ch === '"' || ch === '\u201d') {
          // Excel style doubled quote "" inside a string is an escaped quote.
          if (ch === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ type: 'string', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === '{') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) throw new SyntaxFail('unterminatedField', {}, start, n);
      const inner = text.slice(i + 1, close).trim();
      i = close + 1;
      const parts = inner.split('.');
      if (parts.length > 2 || parts.some((p) => !FIELD_ID.test(p))) {
        throw new SyntaxFail('invalidField', { ref: inner }, start, i);
      }
      tokens.push({ type: 'field', text: text.slice(start, i), value: inner, start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text[i] as string)) i++;
      const word = text.slice(start, i);
      tokens.push({ type: 'ident', text: word, value: word, start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=' || two === '!=' || two === '==') {
      const op = two === '!=' ? '<>' : two === '==' ? '=' : two;
      tokens.push({ type: 'op', text: two, value: op, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ('+-*/^&=<>'.includes(c)) {
      tokens.push({ type: 'op', text: c, value: c, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '(' || c === '\uff08') {
      tokens.push({ type: '(', text: c, value: '(', start, end: i + 1 });
      i++;
      continue;
    }
    if (c === ')' || c === '\uff09') {
      tokens.push({ type: ')', text: c, value: ')', start, end: i + 1 });
      i++;
      continue;
    }
    if (c === ',' || c === '\uff0c') {
      tokens.push({ type: ',', text: c, value: ',', start, end: i + 1 });
      i++;
      continue;
    }
    throw new SyntaxFail('unexpectedChar', { text: c }, start, start + 1);
  }
  tokens.push({ type: 'eof', text: '', value: '', start: n, end: n });
  return tokens;
}

/** Binding power of binary operators (higher binds tighter). */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '>': 1,
  '<=': 1,
  '>=': 1,
  '&': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '^': 5,
};
export const UNARY_PRECEDENCE = 6;

class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  private next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  private count(start: number, end: number): void {
    if (++this.nodes > LIMITS.maxAstNodes) {
      throw new SyntaxFail('tooLarge', { max: LIMITS.maxAstNodes }, start, end, '#LIMIT');
    }
  }

  parseFormula(): AstNode {
    const first = this.peek();
    if (first.type === 'eof') throw new SyntaxFail('empty', {}, 0, 0);
    // A leading "=" (as typed in Excel) is accepted and ignored.
    if (first.type === 'op' && first.value === '=' && this.tokens.length > 2) this.next();
    const ast = this.expression(0);
    const rest = this.peek();
    if (rest.type !== 'eof') {
      throw new SyntaxFail(
        rest.type === ')' ? 'unmatchedClose' : 'unexpected',
        { text: rest.text },
        rest.start,
        rest.end,
      );
    }
    return ast;
  }

  private expression(minPrec: number): AstNode {
    if (++this.depth > LIMITS.maxDepth) {
      const t = this.peek();
      throw new SyntaxFail('tooDeep', { max: LIMITS.maxDepth }, t.start, t.end, '#LIMIT');
    }
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op') break;
      const op = t.value as BinaryOp;
      const prec = BINARY_PRECEDENCE[op];
      if (prec <= minPrec) break;
      this.next();
      const right = this.expression(prec);
      this.count(left.start, right.end);
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    this.depth--;
    return left;
  }

  private unary(): AstNode {
    const t = this.peek();
    if (t.type === 'op' && (t.value === '-' || t.value === '+')) {
      this.next();
      if (++this.depth > LIMITS.maxDepth) {
        throw new SyntaxFail('tooDeep', { max: LIMITS.maxDepth }, t.start, t.end, '#LIMIT');
      }
      const operand = this.unary();
      this.depth--;
      this.count(t.start, operand.end);
      return { kind: 'unary', op: t.value, operand, start: t.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): AstNode {
    const t = this.next();
    this.count(t.start, t.end);
    switch (t.type) {
      case 'number':
        return { kind: 'number', value: t.value, start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.value, start: t.start, end: t.end };
      case 'field': {
        const dot = t.value.indexOf('.');
        return dot < 0
          ? { kind: 'field', id: t.value, start: t.start, end: t.end }
          : {
              kind: 'field',
              id: t.value.slice(0, dot),
              column: t.value.slice(dot + 1),
              start: t.start,
              end: t.end,
            };
      }
      case '(': {
        const inner = this.expression(0);
        const close = this.next();
        if (close.type !== ')') throw new SyntaxFail('missingClose', {}, t.start, close.end);
        // Parentheses only group: the AST keeps the inner node (the printer re-adds what is needed).
        return inner;
      }
      case 'ident':
        return this.identifier(t);
      case 'eof':
        throw new SyntaxFail('endsUnexpectedly', {}, t.start, t.end);
      default:
        throw new SyntaxFail('unexpected', { text: t.text }, t.start, t.end);
    }
  }

  private identifier(t: Token): AstNode {
    const upper = t.value.toUpperCase();
    if (this.peek().type !== '(') {
      if (upper === 'TRUE' || upper === 'FALSE') {
        return { kind: 'boolean', value: upper === 'TRUE', start: t.start, end: t.end };
      }
      throw new SyntaxFail('unknownName', { text: t.value }, t.start, t.end, '#NAME?');
    }
    this.next(); // (
    const args: AstNode[] = [];
    if (this.peek().type === ')') {
      const close = this.next();
      return { kind: 'call', name: upper, args, start: t.start, end: close.end };
    }
    if (++this.depth > LIMITS.maxDepth) {
      throw new SyntaxFail('tooDeep', { max: LIMITS.maxDepth }, t.start, t.end, '#LIMIT');
    }
    for (;;) {
      args.push(this.expression(0));
      const sep = this.next();
      if (sep.type === ')') {
        this.depth--;
        return { kind: 'call', name: upper, args, start: t.start, end: sep.end };
      }
      if (sep.type !== ',') {
        throw new SyntaxFail(
          sep.type === 'eof' ? 'missingCallClose' : 'expectedSeparator',
          { fn: upper, text: sep.text },
          sep.type === 'eof' ? t.start : sep.start,
          sep.end,
        );
      }
    }
  }
}

/**
 * Parse formula text. Never throws: syntax problems and limit violations come back in `errors`
 * with their span, and `ast` is then null.
 */
export function parse(text: string): ParseResult {
  if (typeof text !== 'string') return { ast: null, errors: [fail('notText', {}, 0, 0, '#SYNTAX')] };
  if (text.length > LIMITS.maxFormulaLength) {
    return {
      ast: null,
      errors: [
        fail('tooLong', { length: text.length, max: LIMITS.maxFormulaLength }, 0, text.length, '#LIMIT'),
      ],
    };
  }
  try {
    const tokens = tokenize(text);
    return { ast: new Parser(tokens).parseFormula(), errors: [] };
  } catch (e) {
    if (e instanceof SyntaxFail)
      return { ast: null, errors: [fail(e.key, e.params, e.start, e.end, e.code)] };
    // Defensive: nothing else should reach here, but the contract is "never throws".
    return {
      ast: null,
      errors: [fail('unparsable', {}, 0, text.length, '#SYNTAX')],
    };
  }
}
