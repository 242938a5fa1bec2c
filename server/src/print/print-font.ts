/**
 * The CJK font printed text is set in (decision 0045). PDF's standard fonts have no Chinese
 * glyphs, so a TrueType/OpenType font with CJK coverage is embedded (pdfkit subsets it: only the
 * glyphs used go into the file). `TANGRAM_PRINT_FONT=/path/font.ttf` (or `.ttc#PostScriptName`)
 * chooses one; otherwise Noto Sans SC, which comes with the server's npm dependencies (SIL Open
 * Font License), so printing works on a fresh machine with nothing installed by hand; then
 * well-known system fonts. Without any, printing fails with a clear error rather than printing boxes.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../http/app-error';

export interface PrintFont {
  path: string;
  /** PostScript name of the face inside a collection (.ttc); undefined for a single font file. */
  family?: string;
}

/** Noto Sans SC Regular from `@expo-google-fonts/noto-sans-sc`, if the package is installed. */
function bundledFont(): PrintFont[] {
  try {
    const pkg = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json');
    return [{ path: path.join(path.dirname(pkg), '400Regular/NotoSansSC_400Regular.ttf') }];
  } catch {
    return [];
  }
}

const SYSTEM_FONTS: PrintFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

/** Parses `TANGRAM_PRINT_FONT`: a path, with `#PostScriptName` for a face of a collection. */
export function parseFontSetting(value: string): PrintFont {
  const hash = value.lastIndexOf('#');
  return hash > 0 ? { path: value.slice(0, hash), family: value.slice(hash + 1) } : { path: value };
}

/** The font to print with; a 500 `print_font_missing` naming what to install when there is none. */
export function findPrintFont(env: NodeJS.ProcessEnv = process.env): PrintFont {
  const setting = env.TANGRAM_PRINT_FONT;
  const candidates = setting ? [parseFontSetting(setting)] : [...bundledFont(), ...SYSTEM_FONTS];
  const found = candidates.find((font) => existsSync(font.path));
  if (found) return found;
  throw new AppError(
    500,
    'print_font_missing',
    setting
      ? `The print font ${setting} (TANGRAM_PRINT_FONT) does not exist.`
      : 'No font with Chinese characters is installed for printing: install fonts-wqy-microhei or set TANGRAM_PRINT_FONT to a TTF/OTF/TTC file.',
  );
}
