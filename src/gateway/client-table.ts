/**
 * The Gateway's live clients by connection id, and the id counter: ids count up from after
 * `startAfter`, skip ids still in use and wrap after 2^32-1 to 1 (so a client id is unique among
 * live clients). The Gateway starts each run at a random point, so that a restarted Gateway does
 * not hand out the ids of its previous run again (PHP does, issue #66).
 */
const MAX_CONNECTION_ID = 0xffffffff;

export class ClientTable<C> {
  private readonly clients = new Map<number, C>();
  private lastId: number;

  constructor(startAfter = 0) {
    this.lastId = startAfter >>> 0;
  }

  nextId(): number {
    do {
      this.lastId = this.lastId >= MAX_CONNECTION_ID ? 1 : this.lastId + 1;
    } while (this.clients.has(this.lastId));
    return this.lastId;
  }

  add(id: number, client: C): void {
    this.clients.set(id, client);
  }

  get(id: number): C | undefined {
    return this.clients.get(id);
  }

  delete(id: number): boolean {
    return this.clients.delete(id);
  }

  get size(): number {
    return this.clients.size;
  }

  values(): IterableIterator<C> {
    return this.clients.values();
  }
}
