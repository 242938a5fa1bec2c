/**
 * Pictures on paper (decision 0057), the pure part: what an image is (PNG or JPEG and its pixel
 * size, read from its header without decoding it), the bounds that keep one huge picture from
 * stalling the server, and how pictures are scaled into a cell. pdfkit embeds a JPEG as it is
 * (no decoding) but inflates a PNG's pixels into memory, so the pixel count is checked before
 * pdfkit sees the bytes; anything else (GIF, WebP, a broken file) prints as its file name.
 */
import { inflateSync } from 'node:zlib';

export const PRINT_IMAGE_LIMITS = {
  /** Largest image file read into a printout. */
  bytes: 5 * 1024 * 1024,
  /** Largest picture in pixels (a 16 MP PNG is 64 MB once inflated by pdfkit). */
  pixels: 12_000_000,
  /** Image bytes in one printout, all pictures together. */
  totalBytes: 40 * 1024 * 1024,
  /** Pictures in one printout. */
  count: 400,
  /** Pixels of all pictures in one printout: PNGs with transparency are decoded one by one. */
  totalPixels: 120_000_000,
} as const;

export interface ImageInfo {
  type: 'png' | 'jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** JPEG start-of-frame markers (baseline, progressive, lossless...), which carry the size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** The type and pixel size of a PNG or JPEG from its first bytes; null for anything else. */
export function probeImage(bytes: Buffer): ImageInfo | null {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    return width > 0 && height > 0 ? { type: 'png', width, height } : null;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      // Fill bytes and markers without a length.
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const length = bytes.readUInt16BE(i + 2);
      if (SOF.has(marker)) {
        const height = bytes.readUInt16BE(i + 5);
        const width = bytes.readUInt16BE(i + 7);
        return width > 0 && height > 0 ? { type: 'jpeg', width, height } : null;
      }
      if (marker === 0xd9 || marker === 0xda || length < 2) return null;
      i += 2 + length;
    }
  }
  return null;
}

/** What the pictures of one printout have used so far. */
export interface PictureBudget {
  bytes: number;
  count: number;
  pixels: number;
}

/** Why an image is not drawn (it prints as its file name), or null when it may be. */
export function imageRefusal(
  info: ImageInfo | null,
  size: number,
  used: PictureBudget,
): 'format' | 'too_large' | 'printout_full' | null {
  if (!info) return 'format';
  const pixels = info.width * info.height;
  if (size > PRINT_IMAGE_LIMITS.bytes || pixels > PRINT_IMAGE_LIMITS.pixels) return 'too_large';
  if (
    used.count + 1 > PRINT_IMAGE_LIMITS.count ||
    used.bytes + size > PRINT_IMAGE_LIMITS.totalBytes ||
    used.pixels + pixels > PRINT_IMAGE_LIMITS.totalPixels
  )
    return 'printout_full';
  return null;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Whether a PNG's pixel data inflates within the size its header announces. pdfkit (png-js)
 * inflates PNGs with transparency in a callback that throws on bad data, which would take the
 * process down, and without an output bound: a PNG is handed to it only after this check.
 */
export function pngInflates(bytes: Buffer, info: ImageInfo): boolean {
  try {
    let i = 8;
    const idat: Buffer[] = [];
    let bits = 0;
    let colorType = -1;
    let interlaced = false;
    while (i + 8 <= bytes.length) {
      const length = bytes.readUInt32BE(i);
      const type = bytes.toString('latin1', i + 4, i + 8);
      const data = bytes.subarray(i + 8, i + 8 + length);
      if (data.length !== length) return false;
      if (type === 'IHDR') {
        bits = data[8] ?? 0;
        colorType = data[9] ?? -1;
        interlaced = data[12] === 1;
      } else if (type === 'IDAT') idat.push(data);
      else if (type === 'IEND') break;
      i += 12 + length;
    }
    const channels = CHANNELS[colorType];
    if (!channels || !bits || idat.length === 0) return false;
    const row = 1 + Math.ceil((info.width * channels * bits) / 8);
    // Interlaced images carry a filter byte per pass row: a little more than one per image row.
    const bound = row * info.height * 2 + 1024;
    const raw = inflateSync(Buffer.concat(idat), { maxOutputLength: bound });
    return interlaced ? raw.length > 0 : raw.length >= row * info.height;
  } catch {
    return false;
  }
}

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Pictures of one cell laid out left to right, wrapping, each scaled (never enlarged past its
 * pixel size at 72 dpi) to fit `maxHeight` and the cell's width; returns their boxes relative to
 * the cell's top left and the height they take.
 */
export function flowImages(
  sizes: readonly { width: number; height: number }[],
  cellWidth: number,
  maxHeight: number,
  gap = 4,
): { placed: Placed[]; height: number } {
  const placed: Placed[] = [];
  let x = 0;
  let y = 0;
  let line = 0;
  for (const size of sizes) {
    const scale = Math.min(1, maxHeight / size.height, cellWidth / size.width);
    const width = size.width * scale;
    const height = size.height * scale;
    if (x > 0 && x + width > cellWidth) {
      x = 0;
      y += line + gap;
      line = 0;
    }
    placed.push({ x, y, width, height });
    x += width + gap;
    line = Math.max(line, height);
  }
  return { placed, height: placed.length ? y + line : 0 };
}
