/*
 * Compile-time test: checked by `npm run build` (tsc), never run. The Gateway API returns and takes
 * the app's session type, without casts, wherever the app named it: in Events<S> handlers
 * (ctx.gateway, ctx.worker.gateway, onWorkerStart's worker) and on a GatewayClient<S>. Each
 * `@ts-expect-error` line is a wrong use that must stay a type error (tsc fails if it compiles).
 */
import { GatewayClient, type ClientId, type Events, type SessionData } from '../../src/index';

interface ChatSession {
  name?: string;
  rooms?: { current?: string; visited?: string[] };
}

export const typedEvents = {
  async onWorkerStart(worker) {
    const all: Record<ClientId, ChatSession> = await worker.gateway.getAllClientSessions();
    for (const session of Object.values(all)) session.name?.toUpperCase();
  },
  async onMessage(ctx, message) {
    const mine: ChatSession | null = await ctx.gateway.getSession(ctx.clientId);
    mine?.rooms?.visited?.push(String(message));
    const byGroup: Record<ClientId, ChatSession> = await ctx.gateway.getClientSessionsByGroup('room');
    const viaAlias: Record<ClientId, ChatSession> = await ctx.gateway.getAllClientInfo('room');
    const viaWorker: ChatSession | null = await ctx.worker.gateway.getSession(ctx.clientId);
    void [byGroup, viaAlias, viaWorker];
    await ctx.gateway.setSession(ctx.clientId, { name: 'ann', rooms: { visited: [] } });
    // updateSession deep-merges: any part of the session, nested objects too.
    await ctx.gateway.updateSession(ctx.clientId, { rooms: { current: 'lobby' } });

    // @ts-expect-error getSession may answer null (the client went offline)
    const notNull: ChatSession = await ctx.gateway.getSession(ctx.clientId);
    // @ts-expect-error a session of another shape
    const other: { score: number } | null = await ctx.gateway.getSession(ctx.clientId);
    // @ts-expect-error name is a string
    await ctx.gateway.setSession(ctx.clientId, { name: 42 });
    // @ts-expect-error visited is a list (updateSession replaces arrays, it does not merge them)
    await ctx.gateway.updateSession(ctx.clientId, { rooms: { visited: 'lobby' } });
    // @ts-expect-error the sessions of a group are keyed by client id
    const list: ChatSession[] = await ctx.gateway.getClientSessionsByGroup('room');
    void [notNull, other, list];
  },
} satisfies Events<ChatSession>;

export async function typedClient(): Promise<void> {
  const client = new GatewayClient<ChatSession>();
  const session: ChatSession | null = await client.getSession('7f00000108fc00000001');
  const all: Record<ClientId, ChatSession> = await client.getAllClientSessions();
  // @ts-expect-error a session of another shape
  const wrong: Record<ClientId, { score: number }> = await client.getAllClientSessions();
  void [session, all, wrong];

  // Without a session type: JSON objects.
  const untyped = new GatewayClient();
  const json: SessionData | null = await untyped.getSession('7f00000108fc00000001');
  void json?.anything;
  await untyped.close();
  await client.close();
}
