/**
 * The model's own files as text, bundled at build time by Vite (no copy to keep in step) and
 * loaded only when the source panel first needs them, so the first paint does not pay for them.
 */
import { type ModelFiles, modelFiles } from "./locate.ts";

const sources = import.meta.glob<string>(["../../kernel/**/*.ts", "!../../kernel/**/*.test.ts"], {
  query: "?raw",
  import: "default",
});

let loading: Promise<ModelFiles> | null = null;

/** Every model file by its path under src/kernel/ ("migrate.ts", "mainline/mempolicy.ts"), once. */
export function loadModelFiles(): Promise<ModelFiles> {
  loading ??= Promise.all(
    Object.entries(sources).map(async ([path, load]) => {
      const name = path.slice(path.indexOf("/kernel/") + "/kernel/".length);
      return [name, await load()] as const;
    }),
  ).then((entries) => modelFiles(new Map(entries)));
  return loading;
}
