/**
 * Keeping what the command line prints short: a message may quote what it is about (a file's text, an argument),
 * but never more than one short line of it.
 */

/** The most characters of quoted text a message shows. */
export const MAX_QUOTE = 80;

/** The most characters of a whole message (ours are well under it; a library's may not be). */
export const MAX_MESSAGE = 300;

/** Text cut to its first line and at most `max` characters, with … where something was left out. */
export function shortText(text: string, max = MAX_QUOTE): string {
  const newline = text.search(/\r?\n/);
  const line = newline === -1 ? text : text.slice(0, newline);
  const cut = line.length > max;
  // Never cut between the two halves of a surrogate pair (an emoji, a rare CJK character).
  let kept = cut ? line.slice(0, max - 1) : line;
  if (cut && /[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return cut || newline !== -1 ? `${kept}…` : kept;
}

/** A user's argument quoted for a message: `"…"`, one short line. */
export function shortQuote(text: string): string {
  return `"${shortText(text)}"`;
}

/**
 * A message made safe to print on one line: every quoted stretch of source text in it ("…", as JSON writes it, with
 * \n for a line break) is cut to its first line and MAX_QUOTE characters, a raw line break ends the message, and the
 * whole is at most MAX_MESSAGE characters.
 */
export function boundMessage(message: string): string {
  const quotesCut = message.replace(/"((?:[^"\\\n]|\\.)*)"/g, (whole, inner: string) => {
    const escapedBreak = inner.search(/\\[nr]/);
    const firstLine = escapedBreak === -1 ? inner : `${inner.slice(0, escapedBreak)}\n`;
    if (firstLine.length <= MAX_QUOTE && escapedBreak === -1) return whole;
    // A cut must not leave half an escape (`\` or `\u00`) before the …
    return `"${shortText(firstLine).replace(/\\(?:u[0-9a-fA-F]{0,3})?…$/, '…')}"`;
  });
  return shortText(quotesCut, MAX_MESSAGE);
}
