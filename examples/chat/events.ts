// The classic chat room of walkor/workerman-chat (Applications/Chat/Events.php), same JSON protocol:
//   client → server  {"type":"login","client_name":"a","room_id":1}
//                    {"type":"say","to_client_id":"all"|<client id>,"to_client_name":"b","content":"hi"}
//                    {"type":"pong"}                       (answer to a ping; ignored)
//   server → client  login / say / logout messages, see the handlers below.
// Names and contents are HTML-escaped here, because the page renders them as HTML (as the PHP demo does).
import type { ClientId, EventContext, Events } from '../../src/index'; // in your project: from 'gatewayworker'

export interface ChatSession {
  client_name?: string;
  room_id?: string;
}

type Context = EventContext<ChatSession>;

const CLIENT_ID = /^[0-9a-f]{20}$/;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#039;',
};

/** PHP's htmlspecialchars() with ENT_QUOTES. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** PHP's date('Y-m-d H:i:s'): local time. */
export function formatTime(date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
  );
}

/** Escaped text with "<br />" before each line break, like PHP's nl2br(htmlspecialchars(...)). */
function escapeContent(text: string): string {
  return escapeHtml(text).replace(/\r\n|\n|\r/g, '<br />$&');
}

/** A room id from the client: a non-empty string or a number ("1" and 1 are the same room). */
function roomOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/**
 * The chat Events. `log` receives one line per ignored message (malformed JSON, unknown type,
 * say before login): the PHP demo throws there, which is of no use to anyone.
 */
export function createChatEvents(log: (line: string) => void = (line) => console.warn(line)) {
  const ignore = (ctx: Context, why: string): void =>
    log(`chat: ignored a message from ${ctx.clientId}: ${why}`);

  const logout = (ctx: Context, room: string, name: string): Promise<void> =>
    ctx.gateway.sendToGroup(
      room,
      JSON.stringify({
        type: 'logout',
        from_client_id: ctx.clientId,
        from_client_name: name,
        time: formatTime(),
      }),
    );

  async function login(ctx: Context, data: Record<string, unknown>): Promise<void> {
    const room = roomOf(data.room_id);
    if (room === undefined || typeof data.client_name !== 'string')
      return ignore(ctx, 'login without room_id or client_name');
    const name = escapeHtml(data.client_name);
    const { room_id: oldRoom, client_name: oldName } = ctx.session;
    if (oldRoom !== undefined && oldRoom !== room) {
      // Logging in again elsewhere moves the client (the PHP demo would keep it in both rooms).
      await ctx.gateway.leaveGroup(ctx.clientId, oldRoom);
      await logout(ctx, oldRoom, oldName ?? '');
    }
    ctx.session.client_name = name;
    ctx.session.room_id = room;

    // Read the room before joining it, as the PHP demo does: the newcomer then gets neither itself
    // in the list nor its own broadcast, and adds itself to the list.
    const members = await ctx.gateway.getClientSessionsByGroup(room);
    const clientList: Record<ClientId, string> = {};
    for (const [clientId, session] of Object.entries(members))
      clientList[clientId] = String(session.client_name ?? '');
    clientList[ctx.clientId] = name;

    const message = { type: 'login', client_id: ctx.clientId, client_name: name, time: formatTime() };
    // (exclude: a repeated login to the same room finds the client already a member)
    await ctx.gateway.sendToGroup(room, JSON.stringify(message), { exclude: [ctx.clientId] });
    await ctx.gateway.joinGroup(ctx.clientId, room);
    await ctx.sendToCurrentClient(JSON.stringify({ ...message, client_list: clientList }));
  }

  async function say(ctx: Context, data: Record<string, unknown>): Promise<void> {
    const { room_id: room, client_name: name } = ctx.session;
    if (room === undefined || name === undefined) return ignore(ctx, 'say before login');
    const to = data.to_client_id;
    if (
      typeof data.content !== 'string' ||
      (to !== 'all' && !(typeof to === 'string' && CLIENT_ID.test(to)))
    ) {
      return ignore(ctx, 'say without content or with a bad to_client_id');
    }
    const content = escapeContent(data.content);
    const message = { type: 'say', from_client_id: ctx.clientId, from_client_name: name, to_client_id: to };

    if (to === 'all') {
      await ctx.gateway.sendToGroup(room, JSON.stringify({ ...message, content, time: formatTime() }));
      return;
    }
    const time = formatTime();
    await ctx.gateway.sendToClient(
      to,
      JSON.stringify({ ...message, content: `<b>对你说: </b>${content}`, time }),
    );
    const toName = escapeHtml(String(data.to_client_name ?? ''));
    await ctx.sendToCurrentClient(
      JSON.stringify({ ...message, content: `<b>你对${toName}说: </b>${content}`, time }),
    );
  }

  return {
    async onMessage(ctx, message) {
      let data: unknown;
      try {
        data = JSON.parse(message.toString());
      } catch {
        return ignore(ctx, 'not JSON');
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        return ignore(ctx, 'not a JSON object');
      const fields = data as Record<string, unknown>;
      switch (fields.type) {
        case 'pong':
          return;
        case 'login':
          return login(ctx, fields);
        case 'say':
          return say(ctx, fields);
        default:
          return ignore(ctx, `unknown type ${JSON.stringify(fields.type)}`);
      }
    },

    // The client's groups are already released here; its session still tells which room to notify.
    async onClose(ctx) {
      const { room_id: room, client_name: name } = ctx.session;
      if (room !== undefined) await logout(ctx, room, name ?? '');
    },
  } satisfies Events<ChatSession>;
}

export const chatEvents = createChatEvents();
