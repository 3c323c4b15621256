import { isUtf8 } from 'node:buffer';
import type { ClientProtocol } from './protocol';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Workerman's Text protocol: one message per line. A message ends with "\n" ("\r\n" is accepted,
 * the "\r" is stripped); replies get a "\n" appended. A line arrives as a string when it is valid
 * UTF-8, else as a Buffer of its exact bytes (PHP passes bytes through; U+FFFD would alter them).
 */
export const textProtocol: ClientProtocol = {
  name: 'text',
  input(buffer, maxMessageBytes) {
    const end = buffer.indexOf(NEWLINE);
    if (end < 0) return 0;
    // Workerman's Text closes once the bytes held reach maxPackageSize, "\n" included.
    if (end + 1 >= maxMessageBytes)
      throw new Error(`a line of ${end + 1} bytes reaches the limit of ${maxMessageBytes}`);
    return end + 1;
  },
  decode(message) {
    let end = message.length - 1; // the "\n"
    if (end > 0 && message[end - 1] === CARRIAGE_RETURN) end -= 1;
    const line = message.subarray(0, end);
    return isUtf8(line) ? line.toString('utf8') : Buffer.from(line); // a copy: the stream's buffer is reused
  },
  encode(data) {
    return Buffer.concat([data, Buffer.from([NEWLINE])]);
  },
};
