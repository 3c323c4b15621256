import type { ClientProtocol } from '../../src';

/**
 * An example of a protocol of your own (README, "TCP client protocols"): a 2-byte big-endian
 * payload length, then that many bytes of UTF-8 text. Listen with
 *   new Gateway({ listen: [{ url: 'tcp://0.0.0.0:9000', protocol: shortFrameProtocol }] })
 * and workers see `ctx.protocol === 'short-frame'` and string messages.
 */
export const shortFrameProtocol: ClientProtocol = {
  name: 'short-frame',
  // 0 = wait for more bytes; otherwise the whole message's length, header included.
  input(buffer) {
    return buffer.length < 2 ? 0 : 2 + buffer.readUInt16BE(0);
  },
  // A string arrives in onMessage as text; return a Buffer for binary.
  decode(message) {
    return message.toString('utf8', 2);
  },
  // `data` is what the worker sent (a string as its UTF-8 bytes); a reply over 64 KiB cannot be framed.
  encode(data) {
    if (data.length > 0xffff) throw new RangeError('short-frame messages are at most 65535 bytes');
    const header = Buffer.alloc(2);
    header.writeUInt16BE(data.length, 0);
    return Buffer.concat([header, data]);
  },
};
