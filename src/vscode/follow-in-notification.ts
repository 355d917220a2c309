import * as vscode from './vscode-api';

/**
 * Follows something in a cancellable notification: `follow` gets a signal that the notification's Cancel aborts
 * and a way to say how it stands there. Gives what `follow` gives, or undefined once the person stopped following:
 * cancelling stops the following, not what is followed.
 */
export async function followInNotification<T>(
  title: string,
  follow: (signal: AbortSignal, say: (message: string) => void) => Promise<T>,
): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      // l10n-ignore: the abort's reason, never shown (a stopped follow gives undefined)
      const cancelling = token.onCancellationRequested(() => abort.abort(new Error('stopped following')));
      try {
        return await follow(abort.signal, (message) => progress.report({ message }));
      } catch (error) {
        if (abort.signal.aborted) return undefined;
        throw error;
      } finally {
        cancelling.dispose();
      }
    },
  );
}
