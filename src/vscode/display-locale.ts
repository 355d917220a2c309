import * as vscode from './vscode-api';
import type { Locale, Message } from '../core/messages/messages';
import { localeOf, say } from '../core/messages/messages';

/** The language the core's messages are said in: VS Code's display language (简体中文 or English). */
export function displayLocale(): Locale {
  return localeOf(vscode.env.language);
}

/**
 * What the core said, in the display language: its message when it made one of its catalog's (a log follow's or an
 * exec session's end), else its English as it is (a server's own words).
 */
export function saidInDisplayLanguage(said: Message | undefined, english: string): string {
  return said === undefined ? english : say(said, displayLocale());
}
