/**
 * The last line of defence for secrets: every configured `secretKey` is registered here when an
 * option is validated, and the default logger replaces it wherever it shows up in a line (the code
 * never logs one on purpose; this catches a mistake, such as an error message quoting a header).
 */
const REDACTED = '[redacted]';
const secrets = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret === '') return;
  secrets.add(secret);
  // As it reads inside a JSON string (a key with `"` or `\` is escaped there).
  secrets.add(JSON.stringify(secret).slice(1, -1));
}

/** `text` with every registered secret replaced by [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  return out;
}
