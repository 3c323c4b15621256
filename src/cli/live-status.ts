import { setTimeout as sleep } from 'node:timers/promises';

/** ANSI sequences for redrawing in place (a terminal only). */
const CLEAR_SCREEN = '\x1b[2J';
const CURSOR_HOME = '\x1b[H';
const CLEAR_TO_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

export interface LiveStatusOptions {
  /** One frame of text; rejects when the master did not answer. */
  frame(): Promise<string>;
  /** Asked after a frame failed: false ends the view (the master is gone). */
  masterIsAlive(): boolean;
  /** What to say when the master is gone. */
  goneMessage: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Redraw each frame over the last (a terminal), or print frames one after another. */
  inPlace: boolean;
  /** @default 1000 */
  intervalMs?: number;
}

/**
 * `status -d`: a new frame every second until Ctrl-C (exit code 0), or until the master is gone
 * (exit code 1). In place (a terminal) each frame overwrites the last, drawn from the top left
 * with every line cleared to its end, so nothing flickers; otherwise (a pipe, a file, JSON lines)
 * frames follow each other, one blank line apart.
 */
export async function runLiveStatus(options: LiveStatusOptions): Promise<number> {
  const { out, err, intervalMs = 1000, inPlace: tty } = options;
  const interrupted = new AbortController();
  const onInterrupt = (): void => interrupted.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  if (tty) out.write(HIDE_CURSOR + CLEAR_SCREEN);
  let first = true;
  try {
    while (!interrupted.signal.aborted) {
      let text: string;
      try {
        text = await options.frame();
      } catch (error) {
        if (!options.masterIsAlive()) {
          if (tty) out.write(`${CURSOR_HOME}${CLEAR_BELOW}`);
          err.write(`${options.goneMessage}\n`);
          return 1;
        }
        text = `no answer from the master: ${(error as Error).message}`;
      }
      if (interrupted.signal.aborted) break;
      if (tty)
        out.write(
          `${CURSOR_HOME}${text.split('\n').join(`${CLEAR_TO_LINE_END}\n`)}${CLEAR_TO_LINE_END}\n${CLEAR_BELOW}`,
        );
      else out.write(`${first ? '' : '\n'}${text}\n`);
      first = false;
      await sleep(intervalMs, undefined, { signal: interrupted.signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    if (tty) out.write(SHOW_CURSOR);
  }
}
