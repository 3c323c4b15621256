import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where .ci/run installs grpcurl (go install), or GRPCURL. */
export function findGrpcurl(): string | undefined {
  const candidates = [
    process.env.GRPCURL,
    path.join(process.env.GOPATH ?? path.join(process.env.HOME ?? '/root', 'go'), 'bin', 'grpcurl'),
    '/root/go/bin/grpcurl',
    '/usr/local/bin/grpcurl',
  ];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/** Runs grpcurl -plaintext with a 10 s limit; resolves with stdout, rejects with stderr. */
export function grpcurl(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, ['-plaintext', ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`grpcurl ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}
