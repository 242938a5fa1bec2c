/**
 * The encoding of a CSV file: UTF-8 (with or without a byte-order mark) when every byte sequence
 * is valid UTF-8, otherwise GB18030 (a superset of GBK, which Chinese Excel writes for "CSV").
 * Strict UTF-8 first because GBK bytes are almost never valid UTF-8, while UTF-8 bytes are often
 * valid GBK (as mojibake): the other order would garble every UTF-8 file.
 */
import { createReadStream } from 'node:fs';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** Decides from the bytes alone (pure); `final` false when more bytes may follow. */
export function detectEncoding(chunks: Iterable<Uint8Array>): TextEncoding {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let first = true;
  let bom = false;
  try {
    for (const chunk of chunks) {
      if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
        bom = true;
      first = false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
  } catch {
    return 'gb18030';
  }
  return bom ? 'utf-8-bom' : 'utf-8';
}

/** Streams the file once through the strict decoder (constant memory). */
export async function detectFileEncoding(path: string): Promise<TextEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let first = true;
  let bom = false;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const bytes = chunk as Buffer;
      if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bom = true;
      first = false;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) return 'gb18030';
    throw e;
  }
  return bom ? 'utf-8-bom' : 'utf-8';
}
