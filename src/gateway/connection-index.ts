/**
 * Who is bound to which uid and who is in which group, on one Gateway: pure state, no I/O.
 * A client has at most one uid; a uid may have many clients (devices). A client may be in any
 * number of groups; a group exists while it has members.
 */
export class ConnectionIndex {
  private readonly clientsByUid = new Map<string, Set<number>>();
  private readonly uidByClient = new Map<number, string>();
  private readonly clientsByGroup = new Map<string, Set<number>>();
  private readonly groupsByClient = new Map<number, Set<string>>();

  bindUid(connectionId: number, uid: string): void {
    if (this.uidByClient.get(connectionId) === uid) return;
    this.unbindUid(connectionId);
    this.uidByClient.set(connectionId, uid);
    addTo(this.clientsByUid, uid, connectionId);
  }

  /** Unbinds the client's uid; with `onlyUid`, only if that is the uid it is bound to. */
  unbindUid(connectionId: number, onlyUid?: string): void {
    const uid = this.uidByClient.get(connectionId);
    if (uid === undefined || (onlyUid !== undefined && onlyUid !== uid)) return;
    this.uidByClient.delete(connectionId);
    removeFrom(this.clientsByUid, uid, connectionId);
  }

  joinGroup(connectionId: number, group: string): void {
    addTo(this.clientsByGroup, group, connectionId);
    addTo(this.groupsByClient, connectionId, group);
  }

  leaveGroup(connectionId: number, group: string): void {
    removeFrom(this.clientsByGroup, group, connectionId);
    removeFrom(this.groupsByClient, connectionId, group);
  }

  ungroup(group: string): void {
    for (const connectionId of this.clientsByGroup.get(group) ?? [])
      removeFrom(this.groupsByClient, connectionId, group);
    this.clientsByGroup.delete(group);
  }

  /** Forgets a client that went away. */
  removeClient(connectionId: number): void {
    this.unbindUid(connectionId);
    for (const group of [...(this.groupsByClient.get(connectionId) ?? [])])
      this.leaveGroup(connectionId, group);
  }

  uidOf(connectionId: number): string | undefined {
    return this.uidByClient.get(connectionId);
  }

  groupsOf(connectionId: number): string[] {
    return [...(this.groupsByClient.get(connectionId) ?? [])];
  }

  /** Distinct clients bound to any of `uids`. */
  clientsOfUids(uids: Iterable<string>): Set<number> {
    return union(this.clientsByUid, uids);
  }

  /** Distinct members of any of `groups`. */
  clientsOfGroups(groups: Iterable<string>): Set<number> {
    return union(this.clientsByGroup, groups);
  }

  groups(): string[] {
    return [...this.clientsByGroup.keys()];
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function union<K>(map: Map<K, Set<number>>, keys: Iterable<K>): Set<number> {
  const result = new Set<number>();
  for (const key of keys) for (const id of map.get(key) ?? []) result.add(id);
  return result;
}
