// The polyglot test app in TypeScript (see README.md beside this file): the reference that the
// Python and Go workers must match.
import type { Events } from '../../src/index'; // in your project: from 'gatewayworker'

interface AppSession {
  count?: number;
  [key: string]: unknown;
}

export function createPolyglotEvents(language = 'ts'): Events<AppSession> {
  return {
    onConnect: (ctx) => ctx.sendToCurrentClient(`hello ${ctx.clientId}`),

    async onMessage(ctx, message) {
      if (typeof message !== 'string') return ctx.sendToCurrentClient(message);
      const [command = '', arg = '', ...rest] = message.split(' ');
      const text = rest.join(' ');
      const { gateway, clientId } = ctx;
      switch (command) {
        case 'whoami':
          return ctx.sendToCurrentClient(`${clientId} ${language}`);
        case 'count':
          ctx.session.count = (ctx.session.count ?? 0) + 1;
          return ctx.sendToCurrentClient(`count ${ctx.session.count}`);
        case 'session':
          return ctx.sendToCurrentClient(`session ${JSON.stringify(ctx.session)}`);
        case 'set':
          ctx.session[arg] = text;
          return ctx.sendToCurrentClient('ok');
        case 'bind':
          await gateway.bindUid(clientId, arg);
          return ctx.sendToCurrentClient('ok');
        case 'join':
          await gateway.joinGroup(clientId, arg);
          return ctx.sendToCurrentClient('ok');
        case 'leave':
          await gateway.leaveGroup(clientId, arg);
          return ctx.sendToCurrentClient('ok');
        case 'to-client':
          await gateway.sendToClient(arg, text);
          return ctx.sendToCurrentClient('ok');
        case 'to-uid':
          return gateway.sendToUid(arg, text);
        case 'to-group':
          return gateway.sendToGroup(arg, text);
        case 'members':
          return ctx.sendToCurrentClient(
            `members ${(await gateway.getClientIdListByGroup(arg)).sort().join(' ')}`,
          );
        case 'online':
          return ctx.sendToCurrentClient(`online ${String(await gateway.isUidOnline(arg))}`);
        default:
          return ctx.sendToCurrentClient(`echo ${message}`);
      }
    },
  };
}
