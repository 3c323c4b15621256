import type { ClientProtocol } from './protocol';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Workerman's Text protocol: one message per line. A message ends with "\n" ("\r\n" is accepted,
 * the "\r" is stripped); replies get a "\n" appended. Messages arrive as strings (UTF-8).
 */
export const textProtocol: ClientProtocol = {
  name: 'text',
  input(buffer) {
    const end = buffer.indexOf(NEWLINE);
    return end < 0 ? 0 : end + 1;
  },
  decode(message) {
    let end = message.length - 1; // the "\n"
    if (end > 0 && message[end - 1] === CARRIAGE_RETURN) end -= 1;
    return message.toString('utf8', 0, end);
  },
  encode(data) {
    return Buffer.concat([data, Buffer.from([NEWLINE])]);
  },
};
