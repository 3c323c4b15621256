import type { ClientRow } from './generated/gatewayworker/v1/ClientRow';

/**
 * Shaping the rows of a select query, the same for the Gateway's unary calls (rows of one Gateway)
 * and for the API (rows of every Gateway). `rowOf` reaches the ClientRow inside an item.
 */
export function distinctUids<T>(items: readonly T[], rowOf: (item: T) => ClientRow): string[] {
  const uids = new Set<string>();
  for (const item of items) {
    const uid = rowOf(item).uid;
    if (uid) uids.add(uid);
  }
  return [...uids];
}

/** group -> the items whose row lists that group. */
export function membersByGroup<T>(items: readonly T[], rowOf: (item: T) => ClientRow): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const group of rowOf(item).groups ?? []) {
      const members = groups.get(group);
      if (members) members.push(item);
      else groups.set(group, [item]);
    }
  }
  return groups;
}
