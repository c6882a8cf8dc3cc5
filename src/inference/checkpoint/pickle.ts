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
      switch (op) {
        case 0x80:
          this.u8();
          break; // PROTO: every protocol's data opcodes are handled below
        case 0x95:
          this.take(8);
          break; // FRAME: a length hint only
        case 0x2e: // STOP
          if (this.stack.length !== 1) throw this.fail(at, 'ends with a malformed stack');
          return this.stack[0];
        case 0x28:
          this.marks.push(this.stack.length);
          break; // MARK
        case 0x30:
          this.pop(at);
          break; // POP
        case 0x31:
          this.popMark(at);
          break; // POP_MARK
        case 0x32:
          this.push(this.top(at));
          break; // DUP

        case 0x4e:
          this.push(null);
          break; // NONE
        case 0x88:
          this.push(true);
          break; // NEWTRUE
        case 0x89:
          this.push(false);
          break; // NEWFALSE
        case 0x4b:
          this.push(this.u8());
          break; // BININT1
        case 0x4d:
          this.push(this.u16());
          break; // BININT2
        case 0x4a:
          this.push(this.i32());
          break; // BININT
        case 0x8a:
          this.push(this.long(this.u8()));
          break; // LONG1
        case 0x8b:
          this.push(this.long(this.count32(at)));
          break; // LONG4
        case 0x47:
          this.push(this.view.getFloat64(this.advance(8), false));
          break; // BINFLOAT
        case 0x49:
          this.push(this.textInt(at));
          break; // INT
        case 0x4c:
          this.push(this.textInt(at));
          break; // LONG
        case 0x46:
          this.push(this.textFloat(at));
          break; // FLOAT

        case 0x58:
          this.push(this.utf8(this.count32(at)));
          break; // BINUNICODE
        case 0x8c:
          this.push(this.utf8(this.u8()));
          break; // SHORT_BINUNICODE
        case 0x8d:
          this.push(this.utf8(this.count64(at)));
          break; // BINUNICODE8
        case 0x55:
          this.push(this.latin1(this.u8()));
          break; // SHORT_BINSTRING
        case 0x54:
          this.push(this.latin1(this.count32(at)));
          break; // BINSTRING
        case 0x43:
          this.push(this.take(this.u8()).slice());
          break; // SHORT_BINBYTES
        case 0x42:
          this.push(this.take(this.count32(at)).slice());
          break; // BINBYTES
        case 0x8e:
          this.push(this.take(this.count64(at)).slice());
          break; // BINBYTES8
        case 0x96:
          this.push(this.take(this.count64(at)).slice());
          break; // BYTEARRAY8

        case 0x29:
          this.push(Object.freeze([]));
          break; // EMPTY_TUPLE
        case 0x85:
          this.push(Object.freeze(this.popN(1, at)));
          break; // TUPLE1
        case 0x86:
          this.push(Object.freeze(this.popN(2, at)));
          break; // TUPLE2
        case 0x87:
          this.push(Object.freeze(this.popN(3, at)));
          break; // TUPLE3
        case 0x74:
          this.push(Object.freeze(this.popMark(at)));
          break; // TUPLE
        case 0x5d:
          this.push([]);
          break; // EMPTY_LIST
        case 0x6c:
          this.push(this.popMark(at));
          break; // LIST
        case 0x61: {
          // APPEND
          const item = this.pop(at);
          this.list(this.top(at), at).push(item);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = this.popMark(at);
          this.list(this.top(at), at).push(...items);
          break;
        }
        case 0x7d:
          this.push(new Map());
          break; // EMPTY_DICT
        case 0x64:
          this.push(this.setItems(new Map(), this.popMark(at), at));
          break; // DICT
        case 0x73: {
          // SETITEM
          const [key, value] = this.popN(2, at);
          this.setItems(this.dict(this.top(at), at), [key, value], at);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = this.popMark(at);
          this.setItems(this.dict(this.top(at), at), items, at);
          break;
        }

        case 0x71:
          this.memo.set(this.u8(), this.top(at));
          break; // BINPUT
        case 0x72:
          this.memo.set(this.count32(at), this.top(at));
          break; // LONG_BINPUT
        case 0x70:
          this.memo.set(this.textInt(at) as number, this.top(at));
          break; // PUT
        case 0x94:
          this.memo.set(this.memo.size, this.top(at));
          break; // MEMOIZE
        case 0x68:
          this.push(this.recall(this.u8(), at));
          break; // BINGET
        case 0x6a:
          this.push(this.recall(this.count32(at), at));
          break; // LONG_BINGET
        case 0x67:
          this.push(this.recall(this.textInt(at) as number, at));
          break; // GET

        case 0x63: {
          // GLOBAL
          const module = this.line(at);
          const name = this.line(at);
          this.push(this.global(module, name, at));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const [module, name] = this.popN(2, at);
          if (typeof module !== 'string' || typeof name !== 'string') throw this.fail(at, 'STACK_GLOBAL without string names');
          this.push(this.global(module, name, at));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = this.pop(at);
          const callable = this.pop(at);
          if (!isTuple(args)) throw this.fail(at, 'REDUCE without an argument tuple');
          if (!this.isGlobal(callable) || !callable.call) {
            throw this.refuse(at, `REDUCE on ${this.describe(callable)}, which is not an allowed callable`);
          }
          const result = callable.call(args);
          if (typeof result === 'object' && result !== null) this.madeBy.set(result, callable);
          this.push(result);
          break;
        }
        case 0x62: {
          // BUILD
          const state = this.pop(at);
          const target = this.top(at);
          const maker = typeof target === 'object' && target !== null ? this.madeBy.get(target) : undefined;
          if (!maker?.build) throw this.refuse(at, `BUILD (setting object state) on ${this.describe(target)}`);
          maker.build(target, state);
          break;
        }
        case 0x51: {
          // BINPERSID
          const pid = this.pop(at);
          if (!this.options.persistentLoad) throw this.refuse(at, 'a persistent reference where none is expected');
          this.push(this.options.persistentLoad(pid));
          break;
        }

        case 0x69:
          throw this.refuse(at, 'INST, which instantiates an arbitrary class');
        case 0x6f:
          throw this.refuse(at, 'OBJ, which instantiates an arbitrary class');
        case 0x81:
          throw this.refuse(at, 'NEWOBJ, which instantiates an arbitrary class');
        case 0x92:
          throw this.refuse(at, 'NEWOBJ_EX, which instantiates an arbitrary class');
        case 0x82:
        case 0x83:
        case 0x84:
          throw this.refuse(at, 'an extension-registry reference');
        default:
          throw this.fail(at, `uses opcode 0x${op.toString(16).padStart(2, '0')}, which a torch state dict does not need`);
      }
    }
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
