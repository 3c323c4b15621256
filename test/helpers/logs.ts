import type { Logger } from '../../src/logger';

/** A logger that keeps its lines for assertions (and prints them when GW_TEST_LOGS=1). */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  constructor(private readonly prefix = '') {}
  private add(level: string, message: string): void {
    const line = `${level} ${this.prefix}${message}`;
    this.lines.push(line);
    if (process.env.GW_TEST_LOGS === '1') process.stderr.write(`${line}\n`);
  }
  debug(m: string): void {
    this.add('DEBUG', m);
  }
  info(m: string): void {
    this.add('INFO', m);
  }
  warn(m: string): void {
    this.add('WARN', m);
  }
  error(m: string): void {
    this.add('ERROR', m);
  }
  has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }
}
