import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { shortFrameProtocol } from '../../examples/custom-protocol/short-frame';
import { frameProtocol } from '../../src/gateway/protocols/frame';
import {
  MessageReader,
  type ClientProtocol,
  type DecodedMessage,
} from '../../src/gateway/protocols/protocol';
import { textProtocol } from '../../src/gateway/protocols/text';

const MAX = 64 * 1024;
const RUNS = { seed: 20261202, numRuns: 300 };

function readAll(
  protocol: ClientProtocol,
  chunks: Buffer[],
  max = MAX,
): { messages: DecodedMessage[]; reader: MessageReader } {
  const reader = new MessageReader(protocol, max);
  const messages = chunks.flatMap((chunk) => reader.push(chunk));
  return { messages, reader };
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

const texts = (m: DecodedMessage[]): string[] => m.map((x) => x.data.toString());

describe('TCP protocols', () => {
  describe('text', () => {
    it('cuts lines, strips "\\r\\n" and "\\n", and keeps a partial line for later', () => {
      const { messages, reader } = readAll(textProtocol, [Buffer.from('a\r\nbc\nd'), Buffer.from('e\n\n')]);
      assert.deepEqual(texts(messages), ['a', 'bc', 'de', '']);
      assert.ok(messages.every((m) => !m.binary));
      assert.equal(reader.pendingBytes, 0);
    });

    it('appends "\\n" to replies', () => {
      assert.equal(textProtocol.encode(Buffer.from('hi'), false).toString(), 'hi\n');
    });

    it('fails a line that reaches the limit, "\n" included, as Workerman\'s Text (strlen >= maxPackageSize)', () => {
      const open = readAll(textProtocol, [Buffer.alloc(10, 0x61)], 10);
      assert.match(open.reader.error ?? '', /within 10 bytes/);
      const long = readAll(textProtocol, [Buffer.from('x'.repeat(10) + '\n')], 10);
      assert.match(long.reader.error ?? '', /a line of 11 bytes reaches the limit of 10/);
      const full = readAll(textProtocol, [Buffer.from('x'.repeat(9) + '\n')], 10);
      assert.match(full.reader.error ?? '', /a line of 10 bytes reaches the limit of 10/);
      assert.deepEqual(texts(readAll(textProtocol, [Buffer.from('x'.repeat(8) + '\n')], 10).messages), [
        'x'.repeat(8),
      ]);
    });

    it('passes a line that is not valid UTF-8 through as a Buffer of its exact bytes', () => {
      const bytes = Buffer.from([0x61, 0xff, 0xfe, 0x00, 0x80, 0x0d, 0x0a, 0x62, 0x0a]);
      const { messages } = readAll(textProtocol, [bytes]);
      assert.deepEqual(
        messages.map((m) => [m.binary, m.data.toString('hex')]),
        [
          [true, '61fffe0080'],
          [false, '62'],
        ],
      );
    });
  });

  describe('frame', () => {
    it('reads split and merged frames as Buffers', () => {
      const a = frameProtocol.encode(Buffer.from('hello'), true);
      const b = frameProtocol.encode(Buffer.from([0, 1, 2]), true);
      const all = Buffer.concat([a, b, a]);
      const { messages } = readAll(frameProtocol, [
        all.subarray(0, 2),
        all.subarray(2, 11),
        all.subarray(11),
      ]);
      assert.deepEqual(
        messages.map((m) => [m.binary, m.data.toString('hex')]),
        [
          [true, Buffer.from('hello').toString('hex')],
          [true, '000102'],
          [true, Buffer.from('hello').toString('hex')],
        ],
      );
      assert.equal(a.readUInt32BE(0), 9, 'the length counts its own 4 bytes');
    });

    it('fails a length below 4 and a length over the limit', () => {
      assert.match(readAll(frameProtocol, [Buffer.from([0, 0, 0, 3])]).reader.error ?? '', /returned -1/);
      assert.match(
        readAll(frameProtocol, [Buffer.from([0, 0, 0, 11])], 10).reader.error ?? '',
        /over the limit/,
      );
      assert.equal(readAll(frameProtocol, [Buffer.from([0, 0, 0, 4])]).messages[0]?.data.length, 0);
    });
  });

  describe('a protocol of your own (MessageReader)', () => {
    it('reads the example protocol of README', () => {
      const bytes = Buffer.concat([
        shortFrameProtocol.encode(Buffer.from('héllo'), false),
        shortFrameProtocol.encode(Buffer.alloc(0), false),
      ]);
      const { messages } = readAll(shortFrameProtocol, cut(bytes, [1, 3]));
      assert.deepEqual(texts(messages), ['héllo', '']);
    });

    it('turns a throwing input or decode, a bad length or a bad decode result into an error, not a throw', () => {
      const base = { name: 'bad', encode: (d: Buffer) => d };
      const cases: Array<[ClientProtocol, RegExp]> = [
        [
          {
            ...base,
            input: () => {
              throw new Error('boom');
            },
            decode: (m) => m,
          },
          /input failed: boom/,
        ],
        [{ ...base, input: () => 1.5, decode: (m) => m }, /returned 1.5/],
        [{ ...base, input: () => NaN, decode: (m) => m }, /returned NaN/],
        [
          {
            ...base,
            input: () => 1,
            decode: () => {
              throw new Error('bang');
            },
          },
          /decode failed: bang/,
        ],
        [{ ...base, input: () => 1, decode: () => 42 as unknown as string }, /returned number/],
      ];
      for (const [protocol, error] of cases) {
        const reader = new MessageReader(protocol, MAX);
        assert.deepEqual(reader.push(Buffer.from('abc')), []);
        assert.match(reader.error ?? '', error);
        assert.deepEqual(reader.push(Buffer.from('more')), [], 'nothing is read after an error');
      }
    });

    it('waits for the announced length without asking the protocol again', () => {
      let calls = 0;
      const protocol: ClientProtocol = {
        name: 'count',
        input: () => (calls++, 6),
        decode: (m) => m,
        encode: (d) => d,
      };
      const reader = new MessageReader(protocol, MAX);
      for (const byte of 'abcde') assert.deepEqual(reader.push(Buffer.from(byte)), []);
      assert.equal(reader.pendingBytes, 5);
      assert.equal(reader.push(Buffer.from('f')).length, 1);
      assert.equal(calls, 1);
    });
  });

  describe('properties (fast-check, seeded)', () => {
    const offsets = fc.array(fc.nat(), { maxLength: 20 });

    it('text: any chunking of lines decodes to the same lines', () => {
      const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''));
      fc.assert(
        fc.property(fc.array(line, { maxLength: 20 }), fc.boolean(), offsets, (lines, crlf, cuts) => {
          const bytes = Buffer.from(lines.map((l) => l + (crlf ? '\r\n' : '\n')).join(''));
          const { messages, reader } = readAll(textProtocol, cut(bytes, cuts));
          assert.deepEqual(texts(messages), lines);
          assert.equal(reader.error, undefined);
        }),
        RUNS,
      );
    });

    it('frame and the example protocol: any chunking of encoded messages decodes to the same messages', () => {
      const payload = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
      fc.assert(
        fc.property(fc.array(payload, { maxLength: 20 }), offsets, (payloads, cuts) => {
          const bytes = Buffer.concat(payloads.map((p) => frameProtocol.encode(p, true)));
          const { messages } = readAll(frameProtocol, cut(bytes, cuts));
          assert.deepEqual(
            messages.map((m) => m.data.toString('hex')),
            payloads.map((p) => p.toString('hex')),
          );
        }),
        RUNS,
      );
      const text = fc.string({ maxLength: 100 });
      fc.assert(
        fc.property(fc.array(text, { maxLength: 20 }), offsets, (strings, cuts) => {
          const bytes = Buffer.concat(strings.map((s) => shortFrameProtocol.encode(Buffer.from(s), false)));
          assert.deepEqual(
            texts(readAll(shortFrameProtocol, cut(bytes, cuts)).messages),
            strings.map((s) => Buffer.from(s).toString()),
          );
        }),
        RUNS,
      );
    });

    it('random garbage never throws out of a reader, stays bounded, and an error stops it for good', () => {
      const protocols = [textProtocol, frameProtocol, shortFrameProtocol];
      fc.assert(
        fc.property(
          fc.constantFrom(...protocols),
          fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }),
          fc.integer({ min: 1, max: 256 }),
          (protocol, chunks, max) => {
            const reader = new MessageReader(protocol, max);
            for (const chunk of chunks) {
              const hadError = reader.error !== undefined;
              const messages = reader.push(Buffer.from(chunk));
              if (hadError) assert.equal(messages.length, 0);
              for (const m of messages) assert.ok(m.data.length <= max);
              // What is held for an incomplete message never grows past the limit plus one chunk.
              assert.ok(reader.pendingBytes < max + 200);
            }
          },
        ),
        { ...RUNS, numRuns: 500 },
      );
    });
  });
});
