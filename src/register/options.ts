import { createLogger, type Logger } from '../logger';
import { checkHostPort, checkNonEmptyString, checkNonNegativeInt, checkOptionNames } from '../util/validate';

export interface RegisterOptions {
  /** Where the Register's gRPC server listens, "host:port"; port 0 picks a free port. Keep it off the internet.
   * @default '127.0.0.1:1236' */
  listen?: string;
  /** Display name. @default 'Register' */
  name?: string;
  /** How long stop() waits for streams to end before cancelling them. @default 2000 */
  stopGraceMs?: number;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

export type ResolvedRegisterOptions = Required<RegisterOptions>;

export const REGISTER_DEFAULTS = Object.freeze({
  listen: '127.0.0.1:1236',
  name: 'Register',
  stopGraceMs: 2000,
});

/** Every option name, for the unknown-option check (the type keeps it complete). */
const REGISTER_OPTION_NAMES: Record<keyof RegisterOptions, true> = {
  listen: true,
  name: true,
  stopGraceMs: true,
  logger: true,
};

export function resolveRegisterOptions(options: RegisterOptions = {}): ResolvedRegisterOptions {
  checkOptionNames(options, REGISTER_OPTION_NAMES);
  const merged = { ...REGISTER_DEFAULTS, ...options };
  return Object.freeze({
    listen: checkHostPort('listen', merged.listen),
    name: checkNonEmptyString('name', merged.name),
    stopGraceMs: checkNonNegativeInt('stopGraceMs', merged.stopGraceMs),
    logger: options.logger ?? createLogger('register'),
  });
}
