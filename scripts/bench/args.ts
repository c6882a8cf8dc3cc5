/** The value after flag `name` in a benchmark's arguments (`--rounds 5`), or undefined when the flag is absent. */
export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
