import { styleText } from 'node:util';

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

/** Terminal styling that is a no-op when colour is off (not a TTY, NO_COLOR, CI logs). */
export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;
// We decide about colour ourselves (paintFor), so styleText must not second-guess process.stdout.
export const ansi: Paint = (style, text) => styleText(style, text, { validateStream: false });
