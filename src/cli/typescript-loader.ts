/**
 * Lets the gatewayworker bin require TypeScript start files, through tsx. tsx is an optional peer
 * dependency: only projects that start .ts files need it, so its absence is a clear message, not a
 * stack trace.
 */
export const TYPESCRIPT_FILE = /\.[cm]?ts$/;

type Require = (id: string) => unknown;

/** Registers tsx when any of `files` is TypeScript; throws a message naming the file otherwise. */
export function registerTypeScript(files: readonly string[], load: Require = require): void {
  const first = files.find((file) => TYPESCRIPT_FILE.test(file));
  if (!first) return;
  let api: { register(): void };
  try {
    api = load('tsx/cjs/api') as { register(): void };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(
      `${first} is TypeScript, which needs tsx (an optional peer dependency of gatewayworker): ` +
        'run `npm install --save-dev tsx`, or compile the start files and give the .js files',
    );
  }
  api.register();
}
