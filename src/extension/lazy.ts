/**
 * The parts of the extension that load on first use, by name. Each import here becomes a bundle
 * of its own, dist/<name>.js (esbuild.js finds them in this file and names each after its folder,
 * or its file when that is not an index), which dist/extension.js requires only when `lazy(name)`
 * is first called: activation parses the small extension layer, not the parsers, the model store,
 * the captioner or the network code. esbuild.js refuses a relative dynamic import anywhere else in
 * the extension's bundle, and test/unit/structure/activationBundle.test.ts checks what the
 * activation bundle holds.
 */
const loaders = {
  markdown: () => import('../markdown'),
  inference: () => import('../inference'),
  store: () => import('../inference/store'),
  net: () => import('../net'),
  workspaceFiles: () => import('./workspaceFiles'),
  imageArrival: () => import('./imageArrival'),
};

export type LazyName = keyof typeof loaders;
export type LazyModule<N extends LazyName> = Awaited<ReturnType<(typeof loaders)[N]>>;

/** The names of the lazy bundles. */
export const LAZY_NAMES = Object.keys(loaders) as LazyName[];

const loading = new Map<LazyName, Promise<unknown>>();

/** The module `name`, loaded (once) on first use. */
export function lazy<N extends LazyName>(name: N): Promise<LazyModule<N>> {
  let module = loading.get(name);
  if (!module) {
    module = loaders[name]();
    loading.set(name, module);
  }
  return module as Promise<LazyModule<N>>;
}
