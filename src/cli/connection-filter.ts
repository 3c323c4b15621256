/**
 * `connections --uid U --group G --gateway NAME`: which clients to list (all given must match).
 * The master picks the Gateway processes; each of them picks its clients through its indexes, so
 * a Gateway with many clients sends only the matching ones.
 */
export interface ConnectionFilter {
  uid?: string;
  group?: string;
  /** A Gateway's name (every process of it) or one process's "name:index". */
  gateway?: string;
}

const FIELDS = ['uid', 'group', 'gateway'] as const;

/** The filter in a control request, as sent by `connections`; anything else in it is ignored. */
export function connectionFilterOf(args: unknown): ConnectionFilter {
  const filter: ConnectionFilter = {};
  if (typeof args !== 'object' || args === null) return filter;
  for (const field of FIELDS) {
    const value = (args as Record<string, unknown>)[field];
    if (typeof value === 'string') filter[field] = value;
  }
  return filter;
}

/** Whether the Gateway process `label` ("name:index") of Gateway `name` is one the filter lists. */
export function gatewayMatches(filter: ConnectionFilter, name: string, label: string): boolean {
  return filter.gateway === undefined || filter.gateway === name || filter.gateway === label;
}
