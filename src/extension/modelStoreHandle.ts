import * as vscode from 'vscode';
import type { ModelStore } from '../inference/store';
import { lazy, type LazyModule } from './lazy';
import { offThreadConverter } from './offThreadConverter';

/**
 * The model store's lifetime in the extension: the store module and the captioner's converter
 * version load on first use, the store is made once and made again when VS Code's proxy setting
 * changes, and closed with the extension.
 */
export class ModelStoreHandle implements vscode.Disposable {
  private converterVersion: Promise<string> | undefined;
  private store: { key: string; instance: ModelStore } | undefined;

  constructor(readonly cacheDir: string) {}

  /** The store module itself (formatBytes and the like), loaded on first use. */
  module(): Promise<LazyModule<'store'>> {
    return lazy('store');
  }

  async get(): Promise<ModelStore> {
    const { ModelStore } = await this.module();
    // The converter's version comes with the captioner, which is loaded here for the first time.
    this.converterVersion ??= lazy('inference').then((m) => m.CONVERTER_VERSION);
    const converter = offThreadConverter(await this.converterVersion);
    // VS Code's proxy setting wins over the environment, as it does for VS Code itself.
    const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined;
    const key = `${proxy ?? ''}`;
    if (!this.store || this.store.key !== key) {
      this.store?.instance.close();
      this.store = {
        key,
        instance: new ModelStore({ cacheDir: this.cacheDir, proxy, converter, userAgent: `local-alt-text-vscode/${vscode.version}` }),
      };
    }
    return this.store.instance;
  }

  dispose(): void {
    this.store?.instance.close();
  }
}
