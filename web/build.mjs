// Bundles each app's TypeScript and copies its page and the shared stylesheet into dist/, which the
// LocalAi.WebUi assembly embeds. No hashing in names: the server revalidates with ETags.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const apps = ["tts", "manager"];
await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(apps.map((app) => [`${app}/app`, `src/${app}/main.ts`])),
  outdir: "dist",
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
await mkdir("dist/shared", { recursive: true });
await copyFile("src/shared/app.css", "dist/shared/app.css");
await copyFile("src/shared/favicon.svg", "dist/shared/favicon.svg");
for (const app of apps) {
  await copyFile(`src/${app}/index.html`, `dist/${app}/index.html`);
}
