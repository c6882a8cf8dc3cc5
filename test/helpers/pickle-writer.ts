// Writes pickle opcodes one by one, so tests can build the streams torch.save produces (and ones it
// never would) without Python.

export class PickleWriter {
  private readonly parts: number[] = [];
  private nextMemo = 0;

  proto(version = 2): this {
    return this.op(0x80, version);
  }

  mark(): this {
    return this.op(0x28);
  }

  stop(): this {
    return this.op(0x2e);
  }

  none(): this {
    return this.op(0x4e);
  }

  bool(value: boolean): this {
    return this.op(value ? 0x88 : 0x89);
  }

  int(value: number): this {
    if (value >= 0 && value < 256) return this.op(0x4b, value);
    if (value >= 0 && value < 65536) return this.op(0x4d, value & 0xff, value >> 8);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value, true);
    return this.op(0x4a, ...bytes);
  }

  string(value: string): this {
    const bytes = new TextEncoder().encode(value);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length, true);
    return this.op(0x58, ...length, ...bytes);
  }

  /** GLOBAL 'module\nname\n', as protocols 0-3 spell it. */
  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }

  /** STACK_GLOBAL, as protocol 4 spells it: the two names come from the stack. */
  stackGlobal(module: string, name: string): this {
    return this.string(module).string(name).op(0x93);
  }

  tuple(): this {
    return this.op(0x74);
  }

  emptyTuple(): this {
    return this.op(0x29);
  }

  emptyDict(): this {
    return this.op(0x7d);
  }

  setItems(): this {
    return this.op(0x75);
  }

  reduce(): this {
    return this.op(0x52);
  }

  build(): this {
    return this.op(0x62);
  }

  newObj(): this {
    return this.op(0x81);
  }

  binPersId(): this {
    return this.op(0x51);
  }

  /** Stores the top of the stack in the memo and returns its index. */
  put(): number {
    const index = this.nextMemo++;
    if (index < 256) this.op(0x71, index);
    else {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, index, true);
      this.op(0x72, ...bytes);
    }
    return index;
  }

  get(index: number): this {
    if (index < 256) return this.op(0x68, index);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, index, true);
    return this.op(0x6a, ...bytes);
  }

  op(...bytes: number[]): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
