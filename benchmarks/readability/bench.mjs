// Runs Mozilla's readability.js over a folder of HTML pages in one node process and prints the
// mean wall and CPU time per page, for comparison with HtmlImportBenchmark and HtmlImportCpuTime
// (docs/benchmarks.md). CPU time is the process's, which includes jsdom's and V8's own threads.
// Not part of the build. The packages are installed outside the repository:
//   mkdir -p /tmp/rb-readability && cd /tmp/rb-readability
//   npm install @mozilla/readability@0.6.0 jsdom
//   NODE_PATH=/tmp/rb-readability/node_modules node benchmarks/readability/bench.mjs \
//     core/src/test/resources/html-pages 5 10
// Arguments: folder, warm-up rounds, measured rounds. Each round parses every page with jsdom
// and runs Readability.parse() on it, as an import does.
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(process.env.NODE_PATH + "/");
const { JSDOM } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [folder = "core/src/test/resources/html-pages", warm = "5", rounds = "10"] =
  process.argv.slice(2);
const pages = readdirSync(folder)
  .filter((f) => f.endsWith(".html"))
  .sort()
  .map((f) => ({ name: f, html: readFileSync(join(folder, f)) }));

function round() {
  let chars = 0;
  for (const page of pages) {
    const dom = new JSDOM(page.html, { url: "https://example.org/" + page.name });
    const article = new Readability(dom.window.document).parse();
    chars += article && article.textContent ? article.textContent.length : 0;
    dom.window.close();
  }
  return chars;
}

for (let i = 0; i < Number(warm); i++) round();
const times = [];
const cpu = [];
for (let i = 0; i < Number(rounds); i++) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  round();
  const used = process.cpuUsage(cpuStart);
  times.push(Number(process.hrtime.bigint() - start) / 1e6 / pages.length);
  cpu.push((used.user + used.system) / 1e3 / pages.length);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `readability.js: ${pages.length} pages, ${mean(times).toFixed(3)} ms/page wall, ` +
    `${mean(cpu).toFixed(3)} ms CPU/page (CPU rounds: ${cpu.map((t) => t.toFixed(3)).join(" ")})`
);
