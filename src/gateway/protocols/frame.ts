import type { ClientProtocol } from './protocol';

const HEADER_BYTES = 4;

/**
 * Workerman's Frame protocol: a 4-byte big-endian length that counts itself, then the payload.
 * Messages arrive as Buffers; whatever a worker sends (string or Buffer) goes as its bytes.
 */
export const frameProtocol: ClientProtocol = {
  name: 'frame',
  input(buffer) {
    if (buffer.length < HEADER_BYTES) return 0;
    const length = buffer.readUInt32BE(0);
    return length < HEADER_BYTES ? -1 : length; // a length below 4 cannot frame anything
  },
  decode(message) {
    return Buffer.from(message.subarray(HEADER_BYTES)); // a copy: the stream's buffer is reused
  },
  encode(data) {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(data.length + HEADER_BYTES, 0);
    return Buffer.concat([header, data]);
  },
};
