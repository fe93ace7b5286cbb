// Fonts are embedded in every PDF (DejaVu covers German umlauts and most of Latin, Greek and Cyrillic),
// so documents print the same everywhere. They ship as an npm package: nothing is downloaded at run time.
// The monospaced face sets hashes and ids, whose characters must line up in fixed groups.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
} as const;
