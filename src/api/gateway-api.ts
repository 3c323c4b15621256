import type { ClientId } from '../client-id';
import { createEngine, type ApiLink, type Engine, type LinkDirectory } from './engine';
import type { SessionChanges, SessionData } from '../session';
import {
  OPERATIONS,
  type AppSession,
  type AppSessionChanges,
  type OperationName,
  type Operations,
} from './operations';

export type { ApiLink, GroupId, LinkDirectory, Message, Uid } from './engine';
export type { SendToAllOptions } from './operations';

type ArgsOf<K extends OperationName> = Operations[K]['run'] extends (e: Engine, ...args: infer A) => unknown
  ? A
  : never;
type ResultOf<K extends OperationName> = Awaited<ReturnType<Operations[K]['run']>>;
/** A type of the table with the app's session type S in place of the placeholders. */
type Typed<T, S> = T extends AppSessionChanges
  ? SessionChanges<S>
  : T extends AppSession
    ? S
    : T extends Record<ClientId, AppSession>
      ? Record<ClientId, S>
      : T;
type TypedArgs<A extends unknown[], S> = { [I in keyof A]: Typed<A[I], S> };
/**
 * Method syntax (checked bivariantly when APIs are compared, not when called), so that an API of a
 * narrower session type is still an API of a wider one (a BusinessWorker<MySession> is a Role).
 */
type Method<K extends OperationName, S> = {
  method(...args: TypedArgs<ArgsOf<K>, S>): Promise<Typed<ResultOf<K>, S>>;
}['method'];
type WithoutClient<K extends OperationName> = ArgsOf<K> extends [ClientId, ...infer Rest] ? Rest : never;

/**
 * The Gateway API, the same in handlers (ctx.gateway), on a BusinessWorker (worker.gateway) and on
 * a GatewayClient, with every method name of PHP's Lib\Gateway (aliases such as destoryClient).
 * Calls on a client id go to the Gateway that owns it (decoded from the id); calls on uids, groups
 * or everyone go to every Gateway. Commands resolve once queued on the stream (fire-and-forget, as
 * in GatewayWorker: an offline client is skipped silently); queries resolve with the answer or
 * reject with a GatewayWorkerError — never a silent partial result. A malformed client id rejects
 * with GW_ERR_INVALID_CLIENT_ID; an empty uid or group with GW_ERR_INVALID_ARGUMENT.
 * Each method is declared in operations.ts. Sessions have the app's session type S (`Events<S>`,
 * `new GatewayClient<S>()`): getSession returns `S | null`, updateSession takes `SessionChanges<S>`.
 */
export type GatewayApi<S extends object = SessionData> = { [K in keyof Operations]: Method<K, S> } & {
  [K in OperationName as Operations[K]['aliases'][number]]: Method<K, S>;
};

/** The methods of EventContext that act on the handler's own client (sendToCurrentClient, ...). */
export type CurrentClientApi<S extends object = SessionData> = {
  [K in OperationName as Operations[K]['current'][number]]: (
    ...args: TypedArgs<WithoutClient<K>, S>
  ) => Promise<Typed<ResultOf<K>, S>>;
};

const NAMES = Object.keys(OPERATIONS) as OperationName[];

/** The whole API over some Gateways: every operation and its aliases, from the table. */
export function createGatewayApi<L extends ApiLink>(directory: LinkDirectory<L>): GatewayApi {
  const engine: Engine = createEngine(directory);
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of NAMES) {
    const run = OPERATIONS[name].run as (e: Engine, ...args: unknown[]) => Promise<unknown>;
    // A bad argument rejects the promise instead of throwing synchronously (without an async
    // wrapper around the operation's own promise: one less promise per call).
    const method = (...args: unknown[]): Promise<unknown> => {
      try {
        return run(engine, ...args);
      } catch (err) {
        return Promise.reject(err as Error);
      }
    };
    for (const key of [name, ...OPERATIONS[name].aliases]) api[key] = method;
  }
  return api as unknown as GatewayApi;
}

/**
 * An API whose every call goes to the API `current()` returns at the time of the call (a worker's:
 * a GatewayClient of its own while onWorkerStart runs, its streams after). Aliases stay aliases.
 */
export function delegatingApi(current: () => GatewayApi): GatewayApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of NAMES) {
    const method = (...args: unknown[]): Promise<unknown> =>
      (current()[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    for (const key of [name, ...OPERATIONS[name].aliases]) api[key] = method;
  }
  return api as unknown as GatewayApi;
}

const BEFORE_QUERY = Symbol('beforeQuery');
type HandlerApiState = { [BEFORE_QUERY]: () => void; bound?: Record<string, (...a: unknown[]) => unknown> };

/**
 * The API as one handler sees it (ctx.gateway), made from `api`: each query first calls
 * `beforeQuery` (the worker writes back the handler's ctx.session changes then), so that a query
 * sees them: it travels after them on the same stream. Commands are `api`'s own methods. Returns a
 * factory; its objects are cheap (the methods live on one shared prototype).
 */
export function handlerApiFactory(api: GatewayApi): (beforeQuery: () => void) => GatewayApi {
  const prototype = {};
  for (const name of NAMES) {
    const method = api[name] as (...args: unknown[]) => Promise<unknown>;
    const query = OPERATIONS[name].kind === 'query';
    for (const key of [name, ...OPERATIONS[name].aliases]) {
      Object.defineProperty(
        prototype,
        key,
        query
          ? {
              // A getter (not a method using `this`), so that `const { getSession } = ctx.gateway` works;
              // an alias gets the same function as its name.
              get(this: HandlerApiState) {
                const bound = (this.bound ??= {});
                return (bound[name] ??= (...args: unknown[]) => {
                  this[BEFORE_QUERY]();
                  return method(...args);
                });
              },
            }
          : { value: method },
      );
    }
  }
  return (beforeQuery) => {
    const api = Object.create(prototype) as HandlerApiState;
    api[BEFORE_QUERY] = beforeQuery;
    return api as unknown as GatewayApi;
  };
}

/**
 * Adds the current-client methods to a prototype whose instances have `gateway` and `clientId`
 * (the handler's EventContext): each calls its operation with the instance's client id. Commands
 * go through `commands` where an instance has it (an API without per-handler query hooks, so that
 * `gateway` need not be made for a plain send).
 */
export function installCurrentClientMethods(prototype: object): void {
  for (const name of NAMES) {
    const query = OPERATIONS[name].kind === 'query';
    for (const key of OPERATIONS[name].current) {
      Object.defineProperty(prototype, key, {
        configurable: true,
        writable: true,
        value(
          this: { gateway: GatewayApi; commands?: GatewayApi; clientId: ClientId },
          ...args: unknown[]
        ): Promise<unknown> {
          const api = query ? this.gateway : (this.commands ?? this.gateway);
          const method = api[name] as (...a: unknown[]) => Promise<unknown>;
          return method(this.clientId, ...args);
        },
      });
    }
  }
}
