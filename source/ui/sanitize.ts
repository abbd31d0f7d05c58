// Makes peer-controlled strings (user agents, addresses, reject reasons) safe for the terminal:
// escape sequences (CSI, OSC incl. window titles, DCS/SOS/PM/APC, 8-bit C1 forms), C0/C1 controls,
// DEL, bidi overrides and lone surrogates are removed; the result is capped to a display width
// (wide CJK/emoji measured as two columns) with an ellipsis. Pure.
import stringWidth from 'string-width';

// ESC-introduced sequences: CSI … final byte; OSC/DCS/SOS/PM/APC … (BEL | ST); two-byte ESC forms.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|$)|\u009b[0-?]*[ -/]*[@-~]?|[\u0090\u0098\u009d\u009e\u009f][\s\S]*?(?:\u0007|\u009c|\u001b\\|$)|\u001b[ -~]?/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes everything a terminal could act on; keeps printable text. */
export function stripUnsafe(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(LONE_SURROGATES, '\ufffd');
}

/** Display width in terminal columns. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `maxWidth` columns, ending in '…' when cut. */
export function truncateWidth(text: string, maxWidth: number): string {
  if (maxWidth <= 0) return '';
  if (stringWidth(text) <= maxWidth) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (width + w > maxWidth - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Sanitizes and caps a peer-supplied string for display. */
export function sanitize(text: string | null | undefined, maxWidth = 64): string {
  if (text === null || text === undefined) return '';
  return truncateWidth(stripUnsafe(text.length > 4096 ? text.slice(0, 4096) : text), maxWidth);
}
