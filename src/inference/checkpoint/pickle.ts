// A restricted pickle reader. It understands the data-building opcodes a torch state dict uses and
// nothing that could run code: every global is looked up in a table the caller supplies (anything
// else is refused by name), and the opcodes that instantiate arbitrary classes (INST, OBJ, NEWOBJ,
// NEWOBJ_EX, the extension registry) are refused outright. "Calling" a global means running the
// caller's own TypeScript stand-in for it, never anything named by the file.

export class PickleError extends Error {
  override name = 'PickleError';
}

/** Thrown when a pickle asks for a global or an operation outside the allowed set. */
export class PickleRefusedError extends PickleError {
  override name = 'PickleRefusedError';
}

/** A global the caller allows. `call` is present when REDUCE may apply it. */
export interface PickleGlobal {
  readonly qualifiedName: string;
  call?(args: readonly unknown[]): unknown;
  /** Applies BUILD state to an object this global made; absent means BUILD is refused. */
  build?(target: unknown, state: unknown): void;
}

export interface UnpickleOptions {
  /** Returns the allowed global, or undefined to refuse it. */
  findGlobal(module: string, name: string): PickleGlobal | undefined;
  /** Resolves BINPERSID references; absent means the pickle may not use them. */
  persistentLoad?(pid: unknown): unknown;
  /** Where the pickle came from, for messages. */
  label: string;
}

/** Tuples are frozen arrays, so REDUCE can tell its argument tuple from a list. */
export type PickleTuple = readonly unknown[];

export function isTuple(value: unknown): value is PickleTuple {
  return Array.isArray(value) && Object.isFrozen(value);
}

export function unpickle(bytes: Uint8Array, options: UnpickleOptions): unknown {
  return new Machine(bytes, options).run();
}

const STOP = 0x2e;

const INSTANTIATES = 'which instantiates an arbitrary class';
/** Opcodes refused whatever the caller allows, and why. */
const REFUSED_OPCODES = new Map<number, string>([
  [0x69, `INST, ${INSTANTIATES}`],
  [0x6f, `OBJ, ${INSTANTIATES}`],
  [0x81, `NEWOBJ, ${INSTANTIATES}`],
  [0x92, `NEWOBJ_EX, ${INSTANTIATES}`],
  [0x82, 'an extension-registry reference'], // EXT1
  [0x83, 'an extension-registry reference'], // EXT2
  [0x84, 'an extension-registry reference'], // EXT4
]);

class Machine {
  private pos = 0;
  private stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;
  /** Which global made an object, so BUILD can be routed back to that global's own handler. */
  private readonly madeBy = new WeakMap<object, PickleGlobal>();
  /** The globals this pickle looked up: only these may be applied by REDUCE. */
  private readonly globals = new WeakSet<PickleGlobal>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: UnpickleOptions,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): unknown {
    for (;;) {
      const at = this.pos;
      const op = this.u8();
      if (op === STOP) {
        if (this.stack.length !== 1) throw this.fail(at, 'ends with a malformed stack');
        return this.stack[0];
      }
      const refused = REFUSED_OPCODES.get(op);
      if (refused) throw this.refuse(at, refused);
      const run = Machine.OPCODES.get(op);
      if (!run) throw this.fail(at, `uses opcode 0x${op.toString(16).padStart(2, '0')}, which a torch state dict does not need`);
      run(this, at);
    }
  }

  /** What each opcode but STOP does, by its byte (the names are those of CPython's pickletools). */
  private static readonly OPCODES = new Map<number, (m: Machine, at: number) => void>([
    [0x80, (m) => m.u8()], // PROTO: every protocol's data opcodes are handled here
    [0x95, (m) => m.take(8)], // FRAME: a length hint only
    [0x28, (m) => m.marks.push(m.stack.length)], // MARK
    [0x30, (m, at) => m.pop(at)], // POP
    [0x31, (m, at) => m.popMark(at)], // POP_MARK
    [0x32, (m, at) => m.push(m.top(at))], // DUP

    [0x4e, (m) => m.push(null)], // NONE
    [0x88, (m) => m.push(true)], // NEWTRUE
    [0x89, (m) => m.push(false)], // NEWFALSE
    [0x4b, (m) => m.push(m.u8())], // BININT1
    [0x4d, (m) => m.push(m.u16())], // BININT2
    [0x4a, (m) => m.push(m.i32())], // BININT
    [0x8a, (m) => m.push(m.long(m.u8()))], // LONG1
    [0x8b, (m, at) => m.push(m.long(m.count32(at)))], // LONG4
    [0x47, (m) => m.push(m.view.getFloat64(m.advance(8), false))], // BINFLOAT
    [0x49, (m, at) => m.push(m.textInt(at))], // INT
    [0x4c, (m, at) => m.push(m.textInt(at))], // LONG
    [0x46, (m, at) => m.push(m.textFloat(at))], // FLOAT

    [0x58, (m, at) => m.push(m.utf8(m.count32(at)))], // BINUNICODE
    [0x8c, (m) => m.push(m.utf8(m.u8()))], // SHORT_BINUNICODE
    [0x8d, (m, at) => m.push(m.utf8(m.count64(at)))], // BINUNICODE8
    [0x55, (m) => m.push(m.latin1(m.u8()))], // SHORT_BINSTRING
    [0x54, (m, at) => m.push(m.latin1(m.count32(at)))], // BINSTRING
    [0x43, (m) => m.push(m.take(m.u8()).slice())], // SHORT_BINBYTES
    [0x42, (m, at) => m.push(m.take(m.count32(at)).slice())], // BINBYTES
    [0x8e, (m, at) => m.push(m.take(m.count64(at)).slice())], // BINBYTES8
    [0x96, (m, at) => m.push(m.take(m.count64(at)).slice())], // BYTEARRAY8

    [0x29, (m) => m.push(Object.freeze([]))], // EMPTY_TUPLE
    [0x85, (m, at) => m.push(Object.freeze(m.popN(1, at)))], // TUPLE1
    [0x86, (m, at) => m.push(Object.freeze(m.popN(2, at)))], // TUPLE2
    [0x87, (m, at) => m.push(Object.freeze(m.popN(3, at)))], // TUPLE3
    [0x74, (m, at) => m.push(Object.freeze(m.popMark(at)))], // TUPLE
    [0x5d, (m) => m.push([])], // EMPTY_LIST
    [0x6c, (m, at) => m.push(m.popMark(at))], // LIST
    [0x61, (m, at) => m.append([m.pop(at)], at)], // APPEND
    [0x65, (m, at) => m.append(m.popMark(at), at)], // APPENDS
    [0x7d, (m) => m.push(new Map())], // EMPTY_DICT
    [0x64, (m, at) => m.push(m.setItems(new Map(), m.popMark(at), at))], // DICT
    [0x73, (m, at) => m.setItemsOnTop(m.popN(2, at), at)], // SETITEM
    [0x75, (m, at) => m.setItemsOnTop(m.popMark(at), at)], // SETITEMS

    [0x71, (m, at) => m.memo.set(m.u8(), m.top(at))], // BINPUT
    [0x72, (m, at) => m.memo.set(m.count32(at), m.top(at))], // LONG_BINPUT
    [0x70, (m, at) => m.memo.set(m.textInt(at) as number, m.top(at))], // PUT
    [0x94, (m, at) => m.memo.set(m.memo.size, m.top(at))], // MEMOIZE
    [0x68, (m, at) => m.push(m.recall(m.u8(), at))], // BINGET
    [0x6a, (m, at) => m.push(m.recall(m.count32(at), at))], // LONG_BINGET
    [0x67, (m, at) => m.push(m.recall(m.textInt(at) as number, at))], // GET

    [0x63, (m, at) => m.push(m.global(m.line(at), m.line(at), at))], // GLOBAL: module, then name
    [0x93, (m, at) => m.stackGlobal(at)], // STACK_GLOBAL
    [0x52, (m, at) => m.reduce(at)], // REDUCE
    [0x62, (m, at) => m.build(at)], // BUILD
    [0x51, (m, at) => m.persistentLoad(at)], // BINPERSID
  ]);

  private append(items: unknown[], at: number): void {
    this.list(this.top(at), at).push(...items);
  }

  private setItemsOnTop(items: unknown[], at: number): void {
    this.setItems(this.dict(this.top(at), at), items, at);
  }

  private stackGlobal(at: number): void {
    const [module, name] = this.popN(2, at);
    if (typeof module !== 'string' || typeof name !== 'string') throw this.fail(at, 'STACK_GLOBAL without string names');
    this.push(this.global(module, name, at));
  }

  private reduce(at: number): void {
    const args = this.pop(at);
    const callable = this.pop(at);
    if (!isTuple(args)) throw this.fail(at, 'REDUCE without an argument tuple');
    if (!this.isGlobal(callable) || !callable.call) {
      throw this.refuse(at, `REDUCE on ${this.describe(callable)}, which is not an allowed callable`);
    }
    const result = callable.call(args);
    if (typeof result === 'object' && result !== null) this.madeBy.set(result, callable);
    this.push(result);
  }

  private build(at: number): void {
    const state = this.pop(at);
    const target = this.top(at);
    const maker = typeof target === 'object' && target !== null ? this.madeBy.get(target) : undefined;
    if (!maker?.build) throw this.refuse(at, `BUILD (setting object state) on ${this.describe(target)}`);
    maker.build(target, state);
  }

  private persistentLoad(at: number): void {
    const pid = this.pop(at);
    if (!this.options.persistentLoad) throw this.refuse(at, 'a persistent reference where none is expected');
    this.push(this.options.persistentLoad(pid));
  }

  private global(module: string, name: string, at: number): PickleGlobal {
    const spec = this.options.findGlobal(module, name);
    if (!spec) throw this.refuse(at, `the global '${module}.${name}'; only torch tensor-rebuild functions and storage types are allowed`);
    this.globals.add(spec);
    return spec;
  }

  private isGlobal(value: unknown): value is PickleGlobal {
    return typeof value === 'object' && value !== null && this.globals.has(value as PickleGlobal);
  }

  private describe(value: unknown): string {
    if (this.isGlobal(value)) return `'${value.qualifiedName}'`;
    if (value === null) return 'None';
    if (Array.isArray(value)) return isTuple(value) ? 'a tuple' : 'a list';
    if (value instanceof Map) return 'a dictionary';
    return `a ${typeof value}`;
  }

  private setItems(dict: Map<unknown, unknown>, items: unknown[], at: number): Map<unknown, unknown> {
    if (items.length % 2 !== 0) throw this.fail(at, 'has an odd number of dictionary items');
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      if (typeof key === 'object' && key !== null) throw this.fail(at, 'uses an object as a dictionary key');
      dict.set(key, items[i + 1]);
    }
    return dict;
  }

  private list(value: unknown, at: number): unknown[] {
    if (!Array.isArray(value) || Object.isFrozen(value)) throw this.fail(at, 'appends to something that is not a list');
    return value;
  }

  private dict(value: unknown, at: number): Map<unknown, unknown> {
    if (!(value instanceof Map)) throw this.fail(at, 'sets an item on something that is not a dictionary');
    return value;
  }

  private recall(index: number, at: number): unknown {
    if (!this.memo.has(index)) throw this.fail(at, `refers to memo entry ${index}, which was never stored`);
    return this.memo.get(index);
  }

  private push(value: unknown): void {
    this.stack.push(value);
  }

  private top(at: number): unknown {
    if (this.stack.length === 0 || this.stack.length === this.marks.at(-1)) throw this.fail(at, 'reads past the bottom of its stack');
    return this.stack[this.stack.length - 1];
  }

  private pop(at: number): unknown {
    this.top(at);
    return this.stack.pop();
  }

  private popN(n: number, at: number): unknown[] {
    const floor = this.marks.at(-1) ?? 0;
    if (this.stack.length - n < floor) throw this.fail(at, 'reads past the bottom of its stack');
    return this.stack.splice(this.stack.length - n, n);
  }

  private popMark(at: number): unknown[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.fail(at, 'closes a mark that was never opened');
    return this.stack.splice(mark);
  }

  private advance(n: number): number {
    const start = this.pos;
    if (start + n > this.bytes.byteLength) throw this.fail(start, 'ends early: the data is truncated');
    this.pos += n;
    return start;
  }

  private take(n: number): Uint8Array {
    const start = this.advance(n);
    return this.bytes.subarray(start, start + n);
  }

  private u8(): number {
    return this.bytes[this.advance(1)];
  }

  private u16(): number {
    return this.view.getUint16(this.advance(2), true);
  }

  private i32(): number {
    return this.view.getInt32(this.advance(4), true);
  }

  private count32(at: number): number {
    const n = this.view.getUint32(this.advance(4), true);
    if (n > this.bytes.byteLength) throw this.fail(at, 'declares a length past the end of the data');
    return n;
  }

  private count64(at: number): number {
    const n = this.view.getBigUint64(this.advance(8), true);
    if (n > BigInt(this.bytes.byteLength)) throw this.fail(at, 'declares a length past the end of the data');
    return Number(n);
  }

  /** Little-endian two's complement integer of n bytes; a number when it fits exactly. */
  private long(n: number): number | bigint {
    const bytes = this.take(n);
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
    if (n > 0 && bytes[n - 1] & 0x80) value -= 1n << BigInt(8 * n);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private line(at: number): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.fail(at, 'ends inside a text field');
    const text = latin1(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private textInt(at: number): number | boolean | bigint {
    const text = this.line(at).replace(/L$/, '');
    // Protocol 0 spells True and False as INT 01 and 00.
    if (text === '01') return true;
    if (text === '00') return false;
    if (!/^[-+]?\d+$/.test(text)) throw this.fail(at, `has a malformed integer '${text}'`);
    const value = BigInt(text);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private textFloat(at: number): number {
    const text = this.line(at);
    const value = Number(text);
    if (text.trim() === '' || (Number.isNaN(value) && !/nan/i.test(text))) throw this.fail(at, `has a malformed float '${text}'`);
    return value;
  }

  private utf8(n: number): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.take(n));
  }

  private latin1(n: number): string {
    return latin1(this.take(n));
  }

  private fail(at: number, what: string): PickleError {
    return new PickleError(`${this.options.label}: the pickle ${what} (byte ${at})`);
  }

  private refuse(at: number, what: string): PickleRefusedError {
    return new PickleRefusedError(`${this.options.label}: refusing ${what} (byte ${at}); nothing was executed`);
  }
}

/** ISO-8859-1, as Python decodes protocol-0 names and byte strings (TextDecoder's 'latin1' is windows-1252). */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}
