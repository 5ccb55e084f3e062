import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A font face pdfkit can embed: a TrueType/OpenType file, or one face of a collection (.ttc) picked
 * by its PostScript name.
 */
export interface FontFace {
  path: string;
  /** PostScript name of the face inside a .ttc collection; absent for a single-face file. */
  postscriptName?: string;
}

/**
 * The faces an issued document is set in, after GB/T 9704 (党政机关公文格式) as far as free fonts
 * allow: a Song/Ming-style serif (宋体) for the body, its bold for the title, and a Hei-style sans
 * (黑体) for labels. Any face may stand in for another when a machine has only one.
 */
export interface CjkFontSet {
  serif: FontFace;
  serifBold: FontFace;
  sans: FontFace;
}

export class CjkFontNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super(
      'No font with Chinese glyphs was found for issued documents (PDF). Install the Debian package ' +
        '`fonts-noto-cjk` (apt-get install fonts-noto-cjk), or the npm package `@expo-google-fonts/noto-serif-sc`. ' +
        `Looked for:\n  - ${tried.join('\n  - ')}`,
    );
    this.name = 'CjkFontNotFoundError';
  }
}

type Role = keyof CjkFontSet;

interface Candidate extends FontFace {
  roles: Role[];
}

/** Where the Noto CJK collections live on the distributions we deploy or develop on. */
const NOTO_CJK_DIRECTORIES = [
  '/usr/share/fonts/opentype/noto', // Debian, Ubuntu: fonts-noto-cjk (CI installs it)
  '/usr/share/fonts/noto-cjk', // Arch: noto-fonts-cjk
  '/usr/share/fonts/google-noto-cjk', // Fedora, RHEL: google-noto-cjk-fonts
  '/usr/share/fonts/opentype/noto-cjk',
];

/**
 * Candidates in order of preference.
 *
 * 1. The system's Noto CJK collections (Debian `fonts-noto-cjk`, which CI installs): full coverage
 *    of GB 18030's common hanzi plus Latin, serif and sans, regular and bold, kept up to date by the
 *    distribution. pdfkit embeds only the glyphs a document uses (a subset of the CID-keyed CFF), so
 *    a 26 MB collection adds some 70 KB per face to a PDF.
 * 2. `@expo-google-fonts/noto-serif-sc` / `noto-sans-sc` when installed: the same Noto design as
 *    whole static TTF files (checked: they embed and extract as well). Not a dependency (68 MB each),
 *    but a way to render on a machine without root. The `@fontsource` packages are no use here: they ship WOFF2 split into ~100 unicode-range
 *    slices, and pdfkit needs one whole font per face.
 * 3. WenQuanYi Zen Hei (Debian `fonts-wqy-zenhei`), which also covers Latin letters and digits, so
 *    a document still renders completely, if less handsomely. (Droid Sans Fallback, often present,
 *    is left out on purpose: it has no Latin glyphs, and numbers and URLs would vanish.)
 */
function defaultCandidates(): Candidate[] {
  const candidates: Candidate[] = [];
  for (const directory of NOTO_CJK_DIRECTORIES) {
    candidates.push(
      {
        path: path.join(directory, 'NotoSerifCJK-Regular.ttc'),
        postscriptName: 'NotoSerifCJKsc-Regular',
        roles: ['serif', 'serifBold', 'sans'],
      },
      { path: path.join(directory, 'NotoSerifCJK-Bold.ttc'), postscriptName: 'NotoSerifCJKsc-Bold', roles: ['serifBold'] },
      {
        path: path.join(directory, 'NotoSansCJK-Regular.ttc'),
        postscriptName: 'NotoSansCJKsc-Regular',
        roles: ['sans', 'serif', 'serifBold'],
      },
      { path: path.join(directory, 'NotoSansCJK-Bold.ttc'), postscriptName: 'NotoSansCJKsc-Bold', roles: ['serifBold'] },
    );
  }
  const packaged = [
    {
      name: '@expo-google-fonts/noto-serif-sc',
      regular: '400Regular/NotoSerifSC_400Regular.ttf',
      bold: '700Bold/NotoSerifSC_700Bold.ttf',
      roles: ['serif', 'sans'] as Role[],
    },
    {
      name: '@expo-google-fonts/noto-sans-sc',
      regular: '400Regular/NotoSansSC_400Regular.ttf',
      bold: '700Bold/NotoSansSC_700Bold.ttf',
      roles: ['sans', 'serif'] as Role[],
    },
  ];
  const require = createRequire(import.meta.url);
  for (const font of packaged) {
    const directory = packageDirectory(require, font.name);
    if (!directory) continue;
    candidates.push(
      { path: path.join(directory, font.regular), roles: [...font.roles, 'serifBold'] },
      { path: path.join(directory, font.bold), roles: ['serifBold'] },
    );
  }
  candidates.push({
    path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    postscriptName: 'WenQuanYiZenHei',
    roles: ['sans', 'serif', 'serifBold'],
  });
  return candidates;
}

function packageDirectory(require: NodeJS.Require, name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Picks, for each role, the first candidate whose file exists (a face is preferred in its own role
 * over standing in for another). Throws CjkFontNotFoundError listing every path tried when no
 * candidate exists at all: a document with missing glyphs must never be issued.
 */
export function locateCjkFonts(candidates: Candidate[] = defaultCandidates()): CjkFontSet {
  const present = candidates.filter((candidate) => fs.existsSync(candidate.path));
  const pick = (role: Role): FontFace | undefined => {
    const own = present.find((candidate) => candidate.roles[0] === role) ?? present.find((candidate) => candidate.roles.includes(role));
    return own && (own.postscriptName ? { path: own.path, postscriptName: own.postscriptName } : { path: own.path });
  };
  const serif = pick('serif');
  const serifBold = pick('serifBold');
  const sans = pick('sans');
  if (!serif || !serifBold || !sans) throw new CjkFontNotFoundError([...new Set(candidates.map((candidate) => candidate.path))]);
  return { serif, serifBold, sans };
}

let located: CjkFontSet | undefined;

/** The font set of this process, looked up once (the files do not move while it runs). */
export function cjkFonts(): CjkFontSet {
  located ??= locateCjkFonts();
  return located;
}
