import { execFile } from 'node:child_process';
import { RoleProcess, type RoleProcessOptions } from './role-process';

/** Every name this harness creates starts with this, then the test process's pid (interface names ≤ 15 chars). */
const PREFIX = 'gwn';

function ip(args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** One "host": a network namespace with a veth to the lab's bridge and one IPv4 address. */
export interface Host {
  name: string;
  namespace: string;
  /** The veth end on the bridge, in the root namespace: setting it down cuts the host off. */
  veth: string;
  address: string;
}

/**
 * A small LAN of "hosts" made of `ip netns` namespaces, each wired by a veth pair to one bridge
 * in the root namespace. The bridge has an address too (.1), so this test process is a machine on
 * that LAN where the WebSocket clients live. Roles run inside hosts as real processes; the lab
 * keeps their PIDs, so "kill -9 a host" kills exactly the processes it started there.
 * destroy() kills them and deletes every namespace, veth and the bridge.
 */
export class NetnsLab {
  readonly hosts = new Map<string, Host>();
  readonly processes: Array<{ host: string; role: RoleProcess }> = [];
  readonly bridge: string;
  readonly gatewayAddress: string;
  private destroyed = false;

  private constructor(
    private readonly tag: string,
    private readonly subnet: string,
  ) {
    this.bridge = `${tag}br`;
    this.gatewayAddress = `${subnet}.1`;
  }

  /**
   * Creates the lab, or returns why it cannot be created here (not root, no iproute2, no
   * namespaces in this kernel/container): the caller skips with that reason.
   */
  static async create(hostNames: string[]): Promise<NetnsLab | { unavailable: string }> {
    if (process.platform !== 'linux') return { unavailable: 'network namespaces need Linux' };
    if (process.getuid?.() !== 0) return { unavailable: 'network namespaces need root (ip netns add)' };
    try {
      await ip(['-V']);
    } catch {
      return { unavailable: 'iproute2 (`ip`) is not installed' };
    }
    await removeLeftovers();
    const subnet = await freeSubnet();
    const lab = new NetnsLab(`${PREFIX}${process.pid}`, subnet);
    try {
      await ip(['link', 'add', lab.bridge, 'type', 'bridge']);
      await ip(['addr', 'add', `${lab.gatewayAddress}/24`, 'dev', lab.bridge]);
      await ip(['link', 'set', lab.bridge, 'up']);
      for (const [i, name] of hostNames.entries()) await lab.addHost(name, i);
    } catch (err) {
      await lab.destroy();
      return { unavailable: `cannot create network namespaces here: ${(err as Error).message}` };
    }
    return lab;
  }

  host(name: string): Host {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name}`);
    return host;
  }

  /** Starts a role process inside a host (`ip netns exec <ns> node ...`). */
  async start(hostName: string, options: Omit<RoleProcessOptions, 'prefix'>): Promise<RoleProcess> {
    const host = this.host(hostName);
    const role = await RoleProcess.start({ ...options, prefix: ['ip', 'netns', 'exec', host.namespace] });
    this.processes.push({ host: hostName, role });
    return role;
  }

  /** kill -9 of every process this lab started on the host (by PID); resolves when they are gone. */
  async killHost(hostName: string): Promise<void> {
    const roles = this.processes.filter((p) => p.host === hostName).map((p) => p.role);
    for (const role of roles) role.kill('SIGKILL');
    await Promise.all(roles.map((role) => role.exited));
  }

  /** Pulls the host's cable: its veth on the bridge goes down (no FIN, no RST: packets just stop). */
  async cut(hostName: string): Promise<void> {
    await ip(['link', 'set', this.host(hostName).veth, 'down']);
  }

  async restore(hostName: string): Promise<void> {
    await ip(['link', 'set', this.host(hostName).veth, 'up']);
  }

  /** Stops (SIGTERM, then SIGKILL) every process still running, in reverse start order. */
  async stopAll(): Promise<void> {
    const all = this.processes.splice(0).reverse();
    await Promise.all(all.map(({ role }) => role.stop(3000)));
  }

  /** Kills what is left and deletes the namespaces, veths and bridge. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const { role } of this.processes.splice(0)) role.kill('SIGKILL');
    for (const host of this.hosts.values()) {
      await ip(['link', 'del', host.veth]).catch(() => undefined);
      await ip(['netns', 'del', host.namespace]).catch(() => undefined);
    }
    await ip(['link', 'del', this.bridge]).catch(() => undefined);
  }

  private async addHost(name: string, index: number): Promise<void> {
    const host: Host = {
      name,
      namespace: `${this.tag}-${name}`,
      veth: `${this.tag}v${index}`,
      address: `${this.subnet}.${10 + index}`,
    };
    this.hosts.set(name, host);
    const inner = `${this.tag}i${index}`;
    await ip(['netns', 'add', host.namespace]);
    await ip(['-n', host.namespace, 'link', 'set', 'lo', 'up']);
    await ip(['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', inner, 'netns', host.namespace]);
    await ip(['link', 'set', host.veth, 'master', this.bridge, 'up']);
    await ip(['-n', host.namespace, 'addr', 'add', `${host.address}/24`, 'dev', inner]);
    await ip(['-n', host.namespace, 'link', 'set', inner, 'up']);
  }
}

/** A 10.213.x.0/24 no interface or route of this machine uses yet. */
async function freeSubnet(): Promise<string> {
  const used = (await ip(['-4', 'addr'])) + (await ip(['-4', 'route']));
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = `10.213.${((process.pid + attempt) % 200) + 20}`;
    if (!used.includes(`${candidate}.`)) return candidate;
  }
  throw new Error('no free 10.213.x.0/24 subnet');
}

/** Namespaces and bridges of earlier runs whose test process is gone (a crash or a SIGKILL). */
async function removeLeftovers(): Promise<void> {
  const names = (await ip(['netns', 'list'])).split('\n').map((l) => l.split(' ')[0] ?? '');
  const links = (await ip(['-o', 'link', 'show', 'type', 'bridge']))
    .split('\n')
    .map((l) => l.split(': ')[1] ?? '');
  for (const name of [...names, ...links]) {
    const match = new RegExp(`^${PREFIX}(\\d+)`).exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    if (names.includes(name)) await ip(['netns', 'del', name]).catch(() => undefined);
    else await ip(['link', 'del', name]).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
