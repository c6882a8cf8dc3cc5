import {
  AttributeType,
  DataType,
  type AttributeMessage,
  type ElementType,
  type GraphMessage,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './proto';

/** A dimension of a graph input or output: a fixed size or a symbolic name such as 'batch'. */
export type Dim = number | string;

/** Typed data an initializer can hold. */
export type InitializerData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

/** An attribute value, tagged so that 1.0 (float) and 1 (int) stay distinct. */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] };

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  ints: (value: number[]): Attribute => ({ kind: 'ints', value }),
  floats: (value: number[]): Attribute => ({ kind: 'floats', value }),
};

export interface NodeOptions {
  /** Operator set domain, e.g. 'com.microsoft'; the default ONNX domain when absent. */
  domain?: string;
  attrs?: Record<string, Attribute>;
  /** How many outputs to name (default 1), or the exact output names. */
  outputs?: number | string[];
  /** A readable prefix for generated names. */
  name?: string;
}

/** An initializer as the graph keeps it until serialization: data is encoded only once, when written. */
export interface Initializer {
  name: string;
  dims: number[];
  elementType: ElementType;
  data: InitializerData;
}

export interface ModelOptions {
  /** Operator set versions by domain ('' is the ONNX domain). */
  opsets: Record<string, number>;
  producerVersion: string;
  metadata?: Record<string, string>;
}

/** ONNX IR version 8 is the first with opset 17 (LayerNormalization) and is read by every ORT since 1.11. */
const IR_VERSION = 8;

/**
 * Builds an ONNX graph node by node. Values are referred to by name; every method returns the names
 * it created, so graphs read as a sequence of calls. Names are made unique by a counter, with the
 * caller's prefix kept for readability when a graph is inspected (e.g. in Netron).
 */
export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  readonly initializers: Initializer[] = [];
  private readonly initializerByName = new Map<string, Initializer>();
  private readonly names = new Set<string>();
  private counter = 0;

  /**
   * With `shareInitializers`, asking again for an initializer name already in the graph returns it
   * (after checking that the data is the same), so that one graph can run the same weights twice
   * (the matching text encoder with and without the image) and store them once.
   */
  constructor(
    readonly name: string,
    private readonly options: { shareInitializers?: boolean } = {},
  ) {}

  input(name: string, elementType: ElementType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elementType, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(value: string, elementType: ElementType, dims: Dim[]): void {
    this.outputs.push(valueInfo(value, elementType, dims));
  }

  initializer(name: string, data: InitializerData, dims: readonly number[]): string {
    const existing = this.initializerByName.get(name);
    if (existing && this.options.shareInitializers) {
      if (!sameData(existing, data, dims))
        throw new Error(`graph ${this.name}: the initializer '${name}' is asked for again with other data`);
      return name;
    }
    this.claim(name);
    return this.addInitializer(name, data, dims);
  }

  /** A small int64 constant (shapes, axes, indices); the name is made unique. */
  int64s(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.addInitializer(this.unique(name), BigInt64Array.from(values, BigInt), dims);
  }

  /** A float constant; the name is made unique. */
  floats(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.addInitializer(this.unique(name), Float32Array.from(values), dims);
  }

  /** Adds a node; returns its output names. An empty string in `inputs` marks an omitted optional input. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    const base = options.name ?? opType;
    const outputs = Array.isArray(options.outputs)
      ? options.outputs.map((n) => (n === '' ? '' : this.claimed(n)))
      : Array.from({ length: options.outputs ?? 1 }, (_, i) => this.unique(`${base}/out${i}`));
    this.nodes.push({
      name: this.unique(`${base}/node`),
      op_type: opType,
      domain: options.domain,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(options.attrs ?? {}).map(([n, a]) => attributeMessage(n, a)),
    });
    return outputs;
  }

  /** Adds a node with exactly one output and returns its name. */
  op(opType: string, inputs: readonly string[], options: Omit<NodeOptions, 'outputs'> & { output?: string } = {}): string {
    const { output, ...rest } = options;
    return this.node(opType, inputs, { ...rest, outputs: output ? [output] : 1 })[0];
  }

  /** The graph as a protobuf message; initializer data is written by `toGraphMessage`'s caller. */
  toGraphMessage(tensor: (init: Initializer) => TensorMessage): GraphMessage {
    return {
      name: this.name,
      node: this.nodes,
      initializer: this.initializers.map(tensor),
      input: this.inputs,
      output: this.outputs,
    };
  }

  toModelMessage(options: ModelOptions, tensor: (init: Initializer) => TensorMessage = inlineTensor): ModelMessage {
    return {
      ir_version: IR_VERSION,
      producer_name: 'local-alt-text',
      producer_version: options.producerVersion,
      graph: this.toGraphMessage(tensor),
      opset_import: Object.entries(options.opsets).map(([domain, version]) => ({ domain, version })),
      metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
  }

  /** Number of nodes of each operator type: lets tests check which fused operators a graph uses. */
  opCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const n of this.nodes) counts.set(n.op_type, (counts.get(n.op_type) ?? 0) + 1);
    return counts;
  }

  private addInitializer(name: string, data: InitializerData, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`initializer ${name}: ${data.length} values do not fill shape [${dims.join(', ')}]`);
    const init: Initializer = { name, dims: [...dims], elementType: elementTypeOf(data), data };
    this.initializers.push(init);
    this.initializerByName.set(name, init);
    return name;
  }

  private unique(base: string): string {
    let name = base;
    while (this.names.has(name)) name = `${base}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  private claimed(name: string): string {
    this.claim(name);
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`graph ${this.name}: the name '${name}' is already used`);
    this.names.add(name);
  }
}

function sameData(init: Initializer, data: InitializerData, dims: readonly number[]): boolean {
  if (init.elementType !== elementTypeOf(data) || init.dims.length !== dims.length || init.dims.some((d, i) => d !== dims[i])) return false;
  if (init.data === data) return true;
  const a = bytesOf(init.data);
  const b = bytesOf(data);
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Tensor bytes inside the model (`raw_data`, little-endian as every platform Node runs on). */
export function inlineTensor(init: Initializer): TensorMessage {
  return { name: init.name, dims: init.dims, data_type: DataType[init.elementType], raw_data: bytesOf(init.data) };
}

export function bytesOf(data: InitializerData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function elementTypeOf(data: InitializerData): ElementType {
  if (data instanceof Float32Array) return 'float';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int8Array) return 'int8';
  return 'uint8';
}

function valueInfo(name: string, elementType: ElementType, dims: Dim[]): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: DataType[elementType],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function attributeMessage(name: string, a: Attribute): AttributeMessage {
  switch (a.kind) {
    case 'int':
      return { name, type: AttributeType.int, i: a.value };
    case 'float':
      return { name, type: AttributeType.float, f: a.value };
    case 'string':
      return { name, type: AttributeType.string, s: new TextEncoder().encode(a.value) };
    case 'ints':
      return { name, type: AttributeType.ints, ints: a.value };
    case 'floats':
      return { name, type: AttributeType.floats, floats: a.value };
  }
}
