/**
 * What the server believes a file is. The client's declared type and name are hints at most: image
 * types come from magic bytes, and active content (executables, HTML, SVG, scripts) is refused
 * whatever the upload claims, so a stored file can never run in our origin.
 */

/** Image types served inline (for previews); each is recognised from its first bytes. */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  {
    mime: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  {
    mime: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** Executable and script formats recognised from their first bytes. */
const EXECUTABLE_MAGIC: ((b: Buffer) => boolean)[] = [
  (b) => b[0] === 0x4d && b[1] === 0x5a, // MZ: Windows PE
  (b) => b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])), // ELF
  (b) => ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe'].includes(b.subarray(0, 4).toString('hex')), // Mach-O
  (b) => b[0] === 0x23 && b[1] === 0x21, // #! script
];

const REFUSED_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-sh',
  'application/x-csh',
  'application/x-bat',
  'application/vnd.microsoft.portable-executable',
  'application/java-archive',
  'application/x-httpd-php',
  'text/xml',
  'application/xml',
]);

const REFUSED_EXTENSIONS = new Set([
  'exe',
  'dll',
  'com',
  'scr',
  'msi',
  'bat',
  'cmd',
  'ps1',
  'vbs',
  'js',
  'mjs',
  'jar',
  'sh',
  'php',
  'htm',
  'html',
  'xhtml',
  'shtml',
  'svg',
  'svgz',
  'xml',
  'hta',
  'app',
  'apk',
]);

/** Types a declared (unsniffed) upload may keep; anything else is stored as octet-stream. */
const DECLARED_ALLOWED =
  /^(text\/(plain|csv)|application\/(pdf|zip|json|msword|vnd\.[a-z0-9.+-]+)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

export type Classified = { ok: true; mime: string } | { ok: false; reason: string };

/** Looks like markup a browser would render as HTML or SVG. */
function looksLikeMarkup(head: Buffer): boolean {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 256)
    .toLowerCase();
  return /^<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|object|embed)/.test(text);
}

/**
 * Decides the stored MIME type of an upload from its first bytes, its declared type and its name,
 * or refuses it. `head` should hold at least the first 512 bytes (fewer for tiny files).
 */
export function classifyFile(head: Buffer, declaredType: string, name: string): Classified {
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase() ?? '';
  if (EXECUTABLE_MAGIC.some((test) => test(head)))
    return { ok: false, reason: 'executable files are not accepted' };
  if (REFUSED_TYPES.has(declared) || REFUSED_EXTENSIONS.has(ext))
    return { ok: false, reason: `files of type ${declared || ext} are not accepted` };
  if (looksLikeMarkup(head)) return { ok: false, reason: 'HTML, XML and SVG files are not accepted' };
  const sniffed = SIGNATURES.find((s) => s.test(head));
  if (sniffed) return { ok: true, mime: sniffed.mime };
  if (DECLARED_ALLOWED.test(declared)) return { ok: true, mime: declared };
  return { ok: true, mime: 'application/octet-stream' };
}

/** `image/*,application/pdf` -> does `mime` match one pattern? Empty list accepts anything. */
export function acceptsMime(patterns: readonly string[], mime: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => (p.endsWith('/*') ? mime.startsWith(p.slice(0, -1)) : p === mime));
}

/** `Content-Disposition` with an ASCII fallback and the exact name in `filename*` (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback =
    name
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .replace(/[\r\n]/g, '') || 'file';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
