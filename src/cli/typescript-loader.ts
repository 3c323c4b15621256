/**
 * Lets the gatewayworker bin load TypeScript start files, and the files they import, through tsx.
 * Both of tsx's hooks are needed: the CommonJS one for `require` (how the bin loads start files,
 * and what a CommonJS project compiles its imports to) and the ESM one for `import()` (a lazy
 * `events: () => import('./events.js')` is a real dynamic import in an ESM project and under
 * `module: nodenext`). Role processes re-run the bin, so they register the same hooks.
 * tsx is an optional peer dependency: only projects that start .ts files need it, so its absence
 * is a clear message, not a stack trace.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

export const TYPESCRIPT_FILE = /\.[cm]?ts$/;

/** How the hooks are installed; tests replace it. */
export interface TypeScriptHooks {
  /** `require('tsx/cjs/api').register()`: require() of .ts files. */
  registerRequire(): void;
  /** The hooks module `tsx/esm` (what `node --import tsx/esm` installs) for import() of .ts files. */
  registerImport(): void;
}

/**
 * Not `tsx/esm/api`: its CommonJS build (tsx 4.23) looks for its hooks file in the wrong folder.
 * `tsx/esm` is the hooks module itself (what `--import tsx/esm` loads); module.register() runs it
 * in Node's loader thread. Its initialize() takes `data` as the sign of --import-style loading.
 */
export const TSX_HOOKS: TypeScriptHooks = {
  registerRequire() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('tsx/cjs/api') as { register(): unknown }).register();
  },
  registerImport() {
    register(pathToFileURL(require.resolve('tsx/esm')).href, { data: {} });
  },
};

/** Registers tsx when any of `files` is TypeScript; throws a message naming the file otherwise. */
export function registerTypeScript(files: readonly string[], hooks: TypeScriptHooks = TSX_HOOKS): void {
  const first = files.find((file) => TYPESCRIPT_FILE.test(file));
  if (!first) return;
  try {
    hooks.registerRequire();
    hooks.registerImport();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(
      `${first} is TypeScript, which needs tsx (an optional peer dependency of gatewayworker): ` +
        'run `npm install --save-dev tsx`, or compile the start files and give the .js files',
    );
  }
}
